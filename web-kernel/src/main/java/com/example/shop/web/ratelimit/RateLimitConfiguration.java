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

    @Bean
    FilterAfterAuthentication rateLimitFilter(RateLimitSettings settings, ObjectMapper json, MeterRegistry meters) {
        RateLimitFilter filter = new RateLimitFilter(settings, json, meters);
        return () -> filter;
    }
}
