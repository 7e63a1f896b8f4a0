package com.example.shop.operations.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class AdmissionSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AdmissionSettings.class)
    static class Settings {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void unsetPropertiesTakeTheRecordsDefaults() {
        runner.run(context -> assertThat(context.getBean(AdmissionSettings.class))
                .isEqualTo(new AdmissionSettings(200, Duration.ofMillis(400), Duration.ofMillis(200))));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "shop.orders.admission.max-open-orders=0; shop.orders.admission; maxOpenOrders",
                "shop.orders.admission.max-projection-lag=-PT1S; shop.orders.admission.max-projection-lag must not be negative; PT-1S",
                "shop.orders.admission.sample-every=PT0S; shop.orders.admission.sample-every must be positive; PT0S"
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
