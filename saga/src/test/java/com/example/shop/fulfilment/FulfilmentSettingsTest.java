package com.example.shop.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** All of {@code shop.fulfilment.*} binds to one record, with its defaults, and refuses values the saga cannot use. */
class FulfilmentSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(FulfilmentSettings.class)
    static class Settings {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void unsetPropertiesTakeTheRecordsDefaults() {
        runner.run(context -> assertThat(context.getBean(FulfilmentSettings.class))
                .isEqualTo(new FulfilmentSettings(
                        Duration.ofMinutes(15),
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(2),
                        0.2,
                        Duration.ofSeconds(30),
                        32,
                        4)));
    }

    @Test
    void thePoolsOfTheSagaBindFromTheSamePrefix() {
        runner.withPropertyValues("shop.fulfilment.action-threads=8", "shop.fulfilment.max-concurrent-commands=2")
                .run(context -> {
                    FulfilmentSettings settings = context.getBean(FulfilmentSettings.class);
                    assertThat(settings.actionThreads()).isEqualTo(8);
                    assertThat(settings.maxConcurrentCommands()).isEqualTo(2);
                });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "shop.fulfilment.max-concurrent-commands=0; shop.fulfilment; maxConcurrentCommands",
                "shop.fulfilment.action-threads=0; shop.fulfilment; actionThreads",
                "shop.fulfilment.jitter=1.5; shop.fulfilment; jitter",
                "shop.fulfilment.retry-after=PT5M; shop.fulfilment.retry-after (PT5M); shop.fulfilment.retry-max (PT2M)",
                "shop.fulfilment.payment-timeout=PT0S; shop.fulfilment.payment-timeout must be positive; PT0S"
            })
    void aValueOutOfRangeFailsTheStartNamingTheProperty(String property, String names, String field) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining(names)
                    .hasMessageContaining(field);
        });
    }
}
