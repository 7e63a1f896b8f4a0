package com.example.shop.bench;

import com.example.shop.ShopApplication;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service started in the benchmark's JVM, with the SQL baselines' controller beside it, on the PostgreSQL at
 * 127.0.0.1:5432 when one listens (an embedded one otherwise), logging at WARN, with a staff account of its own.
 */
final class InProcessService {

    static final String ADMIN_EMAIL = "bench@shop.local";
    static final String ADMIN_PASSWORD = UUID.randomUUID().toString();

    private InProcessService() {}

    static ConfigurableApplicationContext start() {
        System.setProperty("java.awt.headless", "true");
        ShopApplication.disableAxonUpdateChecker();
        return new SpringApplicationBuilder(ShopApplication.class, BaselineController.class)
                .run(
                        "--server.port=0",
                        "--shop.embedded.postgres.prefer-local=true",
                        "--shop.embedded.mongo.persistent=false",
                        "--shop.simulators.payment.port=0",
                        "--shop.simulators.shipping.port=0",
                        "--shop.embedded.data-dir=target/bench-data/" + UUID.randomUUID(),
                        "--logging.level.root=WARN",
                        "--shop.rate-limits.enabled=false", // the load comes from one address; it measures throughput
                        "--shop.security.admin.email=" + ADMIN_EMAIL,
                        "--shop.security.admin.password=" + ADMIN_PASSWORD);
    }

    /** A client logged in as the service's staff account, which may claim and order for any customer. */
    static Http staffClient(ConfigurableApplicationContext service) {
        return new Http(((WebServerApplicationContext) service).getWebServer().getPort(), ADMIN_EMAIL, ADMIN_PASSWORD);
    }
}
