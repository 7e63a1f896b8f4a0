package com.example.shop.app.cluster;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Without a cluster view this node counts as the only one: it may claim every segment. */
@Configuration(proxyBeanMethods = false)
public class SingleNodeMembership {

    @Bean
    @ConditionalOnMissingBean
    public ClusterMembership clusterMembership() {
        return () -> 1;
    }
}
