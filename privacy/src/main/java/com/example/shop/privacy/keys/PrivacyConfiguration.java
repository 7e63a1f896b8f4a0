package com.example.shop.privacy.keys;

import com.example.shop.privacy.crypto.MasterKeyProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class PrivacyConfiguration {

    @Bean
    CustomerDataKeys customerDataKeys(
            JdbcClient jdbc,
            MasterKeyProvider masterKeys,
            ObjectMapper json,
            Clock clock,
            ObjectProvider<DataKeyErasures> erasures) {
        return new CustomerDataKeys(jdbc, masterKeys, json, clock, erasures.getIfAvailable(() -> DataKeyErasures.NONE));
    }

    @Bean
    BlindIndex emailBlindIndex(JdbcClient jdbc, MasterKeyProvider masterKeys, Clock clock) {
        return new BlindIndex(jdbc, masterKeys, clock, BlindIndex.EMAIL);
    }
}
