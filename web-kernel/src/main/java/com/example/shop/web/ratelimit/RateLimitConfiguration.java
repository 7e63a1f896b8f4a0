package com.example.shop.web.ratelimit;

import com.example.shop.web.FilterAfterAuthentication;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the per-client budgets into the security chain, once the caller is known. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitSettings.class)
public class RateLimitConfiguration {

    @Bean(destroyMethod = "close")
    Budgets rateLimitBudgets(RateLimitSettings settings) {
        return settings.redisUrl().isBlank() ? new LocalBudgets(settings) : new RedisBudgets(settings);
    }

    @Bean
    FilterAfterAuthentication rateLimitFilter(
            RateLimitSettings settings, Budgets budgets, ObjectMapper json, MeterRegistry meters) {
        RateLimitFilter filter = new RateLimitFilter(settings, budgets, json, meters);
        return () -> filter;
    }
}
