package com.example.shop.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The feeds on, and no broker where they look for one: the service starts and serves, readiness stays UP, and only the
 * feed reports DOWN; its dead-letter API answers 503 with Retry-After.
 */
@TestPropertySource(properties = {"shop.feeds.enabled=true", "spring.rabbitmq.port=1", "shop.feeds.reconnect-max=PT2S"})
class FeedWithoutBrokerIT extends ServiceTest {

    @Test
    void theServiceRunsOnAndOnlyTheFeedIsDown() {
        String sku = unique("NOBROKER");
        assertThat(api.post("/products", Api.product(sku, 100, "EUR", 1)).status())
                .isEqualTo(201);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);

        Api.Response health = api.get("/actuator/health");
        JsonNode components = health.json().path("components");
        assertThat(components
                        .path("feeds")
                        .path("components")
                        .path("restock")
                        .path("status")
                        .asText())
                .as(health.toString())
                .isEqualTo("DOWN");
        assertThat(components.path("db").path("status").asText()).isEqualTo("UP");

        Api.Response letters = api.get("/admin/feeds/restock/dead-letters");
        assertThat(letters.status()).isEqualTo(503);
        assertThat(letters.isProblem()).isTrue();
        assertThat(letters.headers().firstValue("Retry-After")).isPresent();
    }
}
