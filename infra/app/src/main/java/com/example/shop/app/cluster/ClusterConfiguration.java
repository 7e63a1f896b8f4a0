package com.example.shop.app.cluster;

import com.example.shop.app.roles.NodeRole;
import com.example.shop.app.roles.NodeRoles;
import com.example.shop.operations.projections.ProgressElsewhere;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.distributed.AnnotationRoutingStrategy;
import org.axonframework.commandhandling.distributed.DistributedCommandBus;
import org.axonframework.commandhandling.distributed.RoutingStrategy;
import org.axonframework.commandhandling.distributed.UnresolvedRoutingKeyPolicy;
import org.axonframework.common.caching.Cache;
import org.axonframework.extensions.jgroups.commandhandling.JGroupsConnector;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.tracing.SpanFactory;
import org.jgroups.JChannel;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Several nodes as one cluster (ADR 0020): with {@code shop.cluster.enabled}, commands go over JGroups to the node
 * that owns their aggregate's routing key on a consistent hash, so that each aggregate is decided, locked and cached
 * on one node. Off (the default), Axon's local command bus handles every command where it is sent, as before.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterSettings.class)
public class ClusterConfiguration {

    /** How long a starting node waits to have joined (or started) the cluster. */
    private static final long JOIN_TIMEOUT_MS = 30_000;

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "shop.cluster", name = "enabled", havingValue = "false", matchIfMissing = true)
    static class Disabled {

        /** A node alone knows its progress itself. */
        @Bean
        ProgressElsewhere progressElsewhere() {
            return ProgressElsewhere.NONE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "shop.cluster", name = "enabled", havingValue = "true")
    static class Enabled {

        @Bean
        ProgressElsewhere progressElsewhere(PostgresChannels channels) {
            return new PostgresProgress(channels, Clock.systemUTC());
        }

        /**
         * The routing key is the aggregate identifier ({@code @TargetAggregateIdentifier} is a {@code @RoutingKey}).
         * A command without one would go to a random node instead of its aggregate's owner, so it is refused.
         */
        @Bean
        RoutingStrategy routingStrategy() {
            return AnnotationRoutingStrategy.builder()
                    .fallbackRoutingStrategy(UnresolvedRoutingKeyPolicy.ERROR)
                    .build();
        }

        @Bean
        CommandNodes commandNodes(List<Cache> aggregateCaches, MeterRegistry meters) {
            CommandNodes membership = new CommandNodes(aggregateCaches);
            Gauge.builder("shop.cluster.members", membership, m -> m.members().size())
                    .description("nodes taking commands, as this node sees them")
                    .register(meters);
            return membership;
        }

        /** The channel; it binds its port when the node joins (ClusterCommandBus), and is closed with the context. */
        @Bean(destroyMethod = "close")
        JChannel clusterChannel(ClusterSettings settings) throws Exception {
            return ClusterChannel.create(settings);
        }

        @Bean
        JGroupsConnector clusterConnector(
                ClusterSettings settings,
                JChannel clusterChannel,
                @Qualifier("localSegment") CommandBus localSegment,
                @Qualifier("messageSerializer") Serializer messageSerializer,
                RoutingStrategy routingStrategy,
                CommandNodes membership,
                SpanFactory spanFactory) {
            if (!(messageSerializer instanceof JacksonSerializer jackson)) {
                throw new IllegalStateException("shop.cluster needs Axon's Jackson message serializer, found "
                        + messageSerializer.getClass().getName());
            }
            return JGroupsConnector.builder()
                    .channel(clusterChannel)
                    .clusterName(settings.name())
                    .localSegment(RefusalsCarried.handledBy(localSegment))
                    .serializer(new WireSerializer(jackson))
                    .routingStrategy(routingStrategy)
                    .consistentHashChangeListener(membership)
                    .spanFactory(spanFactory)
                    .build();
        }

        @Bean
        @Primary
        DistributedCommandBus distributedCommandBus(
                JGroupsConnector connector, CommandBusSpanFactory spanFactory, NodeRoles roles) {
            return new ClusterCommandBus(
                    DistributedCommandBus.builder().spanFactory(spanFactory),
                    connector,
                    JOIN_TIMEOUT_MS,
                    roles.runs(NodeRole.COMMAND));
        }

        @Bean
        HealthIndicator clusterHealthIndicator(ClusterSettings settings, CommandNodes membership, NodeRoles roles) {
            return () -> Health.up()
                    .withDetails(Map.of(
                            "node", settings.nodeName(), "roles", roles.toString(), "members", membership.members()))
                    .build();
        }
    }
}
