package com.example.shop.app.processors;

import com.example.shop.app.roles.NodeRoles;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Who works on the shared processors: this node alone, or the live nodes of the cluster ({@link LiveNodes}). */
@Configuration(proxyBeanMethods = false)
public class MembershipConfiguration {

    /** Without a cluster this node is the only one: it may claim every segment of the shared processors. */
    @Bean
    @ConditionalOnMissingBean(ClusterMembership.class) // a test may count the nodes itself
    @ConditionalOnProperty(prefix = "shop.cluster", name = "enabled", havingValue = "false", matchIfMissing = true)
    ClusterMembership aloneInTheCluster() {
        return processor -> 1;
    }

    @Bean
    @ConditionalOnMissingBean(ClusterMembership.class)
    @ConditionalOnProperty(prefix = "shop.cluster", name = "enabled", havingValue = "true")
    LiveNodes liveNodes(JdbcClient jdbc, ProcessorNode node, NodeRoles roles) {
        return new LiveNodes(jdbc, node, roles);
    }
}
