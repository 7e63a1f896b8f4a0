package com.example.shop.operations.admission;

import com.example.shop.web.FilterBeforeAuthentication;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the order admission into the security chain, before a request is authenticated (ADR 0008). */
@Configuration(proxyBeanMethods = false)
public class AdmissionConfiguration {

    @Bean
    FilterBeforeAuthentication orderAdmissionFilter(OrderAdmission admission, ObjectMapper json) {
        OrderAdmissionFilter filter = new OrderAdmissionFilter(admission, json);
        return () -> filter;
    }
}
