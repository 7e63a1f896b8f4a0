package com.example.shop.query.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class OrderStreamSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(OrderStreamSettings.class)
    static class Settings {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void aStreamStaysOpenTenMinutesUnlessTold() {
        runner.run(
                context -> assertThat(context.getBean(OrderStreamSettings.class).streamTimeout())
                        .isEqualTo(Duration.ofMinutes(10)));
    }

    @Test
    void aTimeoutOfZeroFailsTheStart() {
        runner.withPropertyValues("shop.orders.stream-timeout=PT0S").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessage("shop.orders.stream-timeout must be positive, was PT0S");
        });
    }
}
