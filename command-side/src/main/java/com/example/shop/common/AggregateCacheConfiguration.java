package com.example.shop.common;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hot aggregates stay in memory between commands, so a command on a busy SKU does not re-read its
 * whole event stream. The cache is per node: commands for one aggregate must reach one node.
 */
@Configuration(proxyBeanMethods = false)
public class AggregateCacheConfiguration {

    @Bean
    public Cache stockCache() {
        return new WeakReferenceCache();
    }

    @Bean
    public Cache productCache() {
        return new WeakReferenceCache();
    }
}
