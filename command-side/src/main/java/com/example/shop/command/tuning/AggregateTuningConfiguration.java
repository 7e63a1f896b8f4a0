package com.example.shop.command.tuning;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;
import java.net.URI;
import java.util.OptionalLong;
import java.util.UUID;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.JCacheAdapter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What keeps hot aggregates cheap: they stay in memory between commands (a bounded Caffeine cache that
 * holds them by reference, not by copy), and a snapshot every {@code shop.snapshots.every} events bounds
 * what a cold load has to read. Caches are per node: commands for one aggregate must reach one node.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AggregateCacheSettings.class, SnapshotSettings.class})
public class AggregateTuningConfiguration {

    /** A manager of this application context's own: JCache's default manager is shared by the whole JVM. */
    @Bean(destroyMethod = "close")
    public CacheManager aggregateCacheManager() {
        return Caching.getCachingProvider(CaffeineCachingProvider.class.getName())
                .getCacheManager(
                        URI.create("urn:shop:aggregate-caches:" + UUID.randomUUID()),
                        getClass().getClassLoader());
    }

    @Bean
    public Cache stockCache(CacheManager aggregateCacheManager, AggregateCacheSettings caches) {
        return cache(aggregateCacheManager, "stock", caches.stock().maxSize());
    }

    @Bean
    public Cache productCache(CacheManager aggregateCacheManager, AggregateCacheSettings caches) {
        return cache(aggregateCacheManager, "product", caches.product().maxSize());
    }

    /** An order takes a command at each step of its fulfilment, seconds apart: each would reload its events. */
    @Bean
    public Cache orderCache(CacheManager aggregateCacheManager, AggregateCacheSettings caches) {
        return cache(aggregateCacheManager, "order", caches.order().maxSize());
    }

    @Bean
    public Cache campaignCache(CacheManager aggregateCacheManager, AggregateCacheSettings caches) {
        return cache(aggregateCacheManager, "campaign", caches.campaign().maxSize());
    }

    @Bean
    public SnapshotTriggerDefinition stockSnapshotTrigger(Snapshotter snapshotter, SnapshotSettings snapshots) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, snapshots.every());
    }

    @Bean
    public SnapshotTriggerDefinition campaignSnapshotTrigger(Snapshotter snapshotter, SnapshotSettings snapshots) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, snapshots.every());
    }

    private static Cache cache(CacheManager manager, String name, long maxSize) {
        CaffeineConfiguration<Object, Object> configuration = new CaffeineConfiguration<>();
        configuration.setStoreByValue(false);
        configuration.setMaximumSize(OptionalLong.of(maxSize));
        return new JCacheAdapter(manager.createCache(name, configuration));
    }
}
