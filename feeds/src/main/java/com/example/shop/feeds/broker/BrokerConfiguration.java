package com.example.shop.feeds.broker;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every feed shares once {@code shop.feeds.enabled} is set: the confirmed publisher and the {@code feeds}
 * health component. The settings are bound (and checked) whether the feeds are on or off.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FeedSettings.class)
public class BrokerConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "shop.feeds", name = "enabled", havingValue = "true")
    static class Enabled {

        @Bean
        ConfirmedPublisher feedPublisher(ConnectionFactory connections, FeedSettings settings) {
            return new ConfirmedPublisher(connections, settings.confirmTimeout());
        }

        @Bean
        HealthContributor feedsHealthContributor(ObjectProvider<FeedConsumer> feeds, AmqpAdmin admin) {
            Map<String, HealthContributor> byFeed = new LinkedHashMap<>();
            feeds.orderedStream()
                    .forEach(feed ->
                            byFeed.put(feed.topology().feed(), (org.springframework.boot.actuate.health.HealthIndicator)
                                    () -> feed.health(admin)));
            return CompositeHealthContributor.fromMap(byFeed);
        }
    }
}
