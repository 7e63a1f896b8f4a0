package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.example.shop.support.CapturedLog;
import com.example.shop.support.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A context that runs on the embedded defaults with {@code shop.embedded.delete-data-on-close} (as every test
 * context does) leaves no data directory behind when it closes, and stops its deadline scheduler once.
 */
class ContextCloseIT {

    @TempDir
    Path parent;

    @Test
    void leavesNoDataBehindAndStopsTheSchedulerOnce() {
        Path dataDir = parent.resolve("context-data");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
                .run(
                        "--server.port=0",
                        "--shop.embedded.data-dir=" + dataDir,
                        "--shop.embedded.delete-data-on-close=true",
                        "--shop.embedded.postgres.prefer-local=true",
                        "--shop.embedded.mongo.persistent=false",
                        "--shop.simulators.payment.port=0",
                        "--shop.simulators.shipping.port=0",
                        "--shop.security.admin.email=" + ServiceTest.ADMIN_EMAIL,
                        "--shop.security.admin.password=" + ServiceTest.ADMIN_PASSWORD);
        assertThat(dataDir).as("the development master key is kept there").isDirectoryContaining("glob:**/master-key");

        try (CapturedLog scheduler = CapturedLog.of("com.github.kagkarlsson.scheduler.Scheduler")) {
            context.close();
            assertThat(scheduler.messages(Level.WARN))
                    .as("stopped once, not again when destroyed")
                    .isEmpty();
            assertThat(scheduler.messages(Level.INFO)).contains("Shutting down Scheduler.");
        }
        assertThat(Files.exists(dataDir)).as("deleted when the context closed").isFalse();
    }
}
