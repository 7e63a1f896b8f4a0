package com.example.shop.web.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Budgets in Redis, spent by every node alike: Bucket4j's compare-and-swap on one key per caller and class
 * ({@code shop:rate-limit:<class>:<caller>}), which Redis drops once the bucket would be full again.
 */
final class RedisBudgets implements Budgets {

    private static final String PREFIX = "shop:rate-limit:";

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final ProxyManager<String> buckets;
    private final Map<EndpointClass, BucketConfiguration> configurations = new EnumMap<>(EndpointClass.class);

    RedisBudgets(RateLimitSettings settings) {
        for (EndpointClass endpoints : EndpointClass.values()) {
            configurations.put(endpoints, Budgets.configuration(settings.budget(endpoints)));
        }
        client = RedisClient.create(settings.redisUrl());
        client.setDefaultTimeout(settings.redisTimeout());
        connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .requestTimeout(settings.redisTimeout())
                .build();
    }

    @Override
    public ConsumptionProbe tryConsume(String caller, EndpointClass endpoints) {
        BucketConfiguration configuration = configurations.get(endpoints);
        return buckets.builder()
                .build(PREFIX + endpoints.tag() + ":" + caller, () -> configuration)
                .tryConsumeAndReturnRemaining(1);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
