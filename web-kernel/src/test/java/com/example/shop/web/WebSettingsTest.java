package com.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.web.idempotency.IdempotencySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The web kernel's settings: their defaults, and a start-up that fails on a value they cannot work with. */
class WebSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({HttpSettings.class, IdempotencySettings.class})
    static class Settings {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void unsetPropertiesTakeTheRecordsDefaults() {
        runner.run(context -> {
            assertThat(context.getBean(HttpSettings.class).maxBodyBytes()).isEqualTo(65_536);
            assertThat(context.getBean(IdempotencySettings.class))
                    .isEqualTo(new IdempotencySettings(Duration.ofHours(24), Duration.ofMinutes(10)));
        });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "shop.http.max-body-bytes=0; shop.http; maxBodyBytes",
                "shop.idempotency.retention=PT0S; shop.idempotency.retention must be positive; PT0S",
                "shop.idempotency.purge-interval=-PT1M; shop.idempotency.purge-interval must be positive; PT-1M"
            })
    void aValueOutOfRangeFailsTheStartNamingTheProperty(String property, String names, String value) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining(names)
                    .hasMessageContaining(value);
        });
    }
}
