package com.example.shop.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.command.campaign.ClaimSettings;
import com.example.shop.command.tuning.AggregateCacheSettings;
import com.example.shop.command.tuning.SnapshotSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The command side's settings: their defaults, and a start-up that fails on a value they cannot work with. */
class CommandSideSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({
        CommandSettings.class,
        ClaimSettings.class,
        SnapshotSettings.class,
        AggregateCacheSettings.class
    })
    static class Settings {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void unsetPropertiesTakeTheRecordsDefaults() {
        runner.run(context -> {
            assertThat(context.getBean(CommandSettings.class)).isEqualTo(new CommandSettings(8, Duration.ofSeconds(2)));
            assertThat(context.getBean(ClaimSettings.class)).isEqualTo(new ClaimSettings(1000, 20_000, 4));
            assertThat(context.getBean(SnapshotSettings.class).every()).isEqualTo(500);
            AggregateCacheSettings caches = context.getBean(AggregateCacheSettings.class);
            assertThat(caches.stock().maxSize()).isEqualTo(100_000);
            assertThat(caches.product().maxSize()).isEqualTo(100_000);
            assertThat(caches.order().maxSize()).isEqualTo(10_000);
            assertThat(caches.campaign().maxSize()).isEqualTo(1000);
        });
    }

    /** The configuration table names the first; the second is how the table named them before. */
    @ParameterizedTest
    @ValueSource(strings = {"SHOP_COMMANDS_MAXCONCURRENT", "SHOP_COMMANDS_MAX_CONCURRENT"})
    void environmentVariablesBindByTheirRelaxedNames(String variable) {
        runner.withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "3"))))
                .run(context -> assertThat(
                                context.getBean(CommandSettings.class).maxConcurrent())
                        .isEqualTo(3));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "shop.commands.max-concurrent=0; shop.commands; maxConcurrent",
                "shop.commands.max-wait=-PT1S; shop.commands.max-wait must not be negative; PT-1S",
                "shop.campaign.claims.max-batch=0; shop.campaign.claims; maxBatch",
                "shop.campaign.claims.max-queued=0; shop.campaign.claims; maxQueued",
                "shop.campaign.claims.workers=0; shop.campaign.claims; workers",
                "shop.snapshots.every=0; shop.snapshots; every",
                "shop.aggregate-cache.order.max-size=0; shop.aggregate-cache; order.maxSize"
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
