package com.example.shop;

import com.example.shop.support.Api;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quick-start path: embedded PostgreSQL and the file-backed MongoDB wire server, no local services.
 * Whatever was accepted before a stop is there after the restart, including events the projections had
 * not yet processed when the service went down.
 */
class RestartTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        // arguments, not builder properties: those rank below application.properties
        return new SpringApplicationBuilder(ShopApplication.class)
                .run("--server.port=0", "--shop.embedded.data-dir=" + dataDir,
                        "--shop.embedded.postgres.prefer-local=false");
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void aRestartLosesNothing() {
        List<String> orders = new ArrayList<>();
        try (ConfigurableApplicationContext first = start()) {
            Api api = api(first);
            Api.Response registered = api.post("/products", Api.product("RESTART-1", 700, "EUR", 20));
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            for (int i = 0; i < 10; i++) {
                orders.add(api.post("/orders", Api.order("ivan", "EUR", "RESTART-1", 1)).json().path("orderId").asText());
            }
            api.post("/orders/" + orders.get(0) + "/cancel", "{}");
            // stop at once, without waiting for the projections to catch up
        }

        try (ConfigurableApplicationContext second = start()) {
            Api api = api(second);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode history = api.get("/customers/ivan/orders?limit=100").json();
                assertThat(history.path("items")).hasSize(10);
                assertThat(api.get("/orders/" + orders.get(0)).json().path("status").asText()).isEqualTo("CANCELLED");
                JsonNode product = api.get("/products/RESTART-1").json();
                assertThat(product.path("available").asLong()).isEqualTo(11);
                assertThat(product.path("reserved").asLong()).isEqualTo(9);
            });
            for (String orderId : orders) {
                assertThat(api.get("/orders/" + orderId).status()).isEqualTo(200);
            }
            // the command side continues from the stored stream, not from zero
            assertThat(api.post("/orders", Api.order("ivan", "EUR", "RESTART-1", 12)).status()).isEqualTo(409);
            assertThat(api.post("/orders", Api.order("ivan", "EUR", "RESTART-1", 11)).status()).isEqualTo(201);
        }
    }
}
