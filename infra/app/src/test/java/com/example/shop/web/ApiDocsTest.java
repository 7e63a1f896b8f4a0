package com.example.shop.web;

import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDocsTest extends ServiceTest {

    @Test
    void everyEndpointIsDocumentedWithItsErrorResponses() {
        JsonNode paths = api.get("/v3/api-docs").json().path("paths");

        assertThat(paths.fieldNames()).toIterable().contains("/products", "/products/{sku}",
                "/products/{sku}/restock", "/orders", "/orders/{orderId}", "/orders/{orderId}/cancel",
                "/customers/{customerId}/orders", "/admin/campaigns", "/campaigns/{campaignId}", "/campaigns/{campaignId}/claims",
                "/campaigns/{campaignId}/claims/{customerId}");
        JsonNode placeOrder = paths.path("/orders").path("post");
        assertThat(placeOrder.path("responses").fieldNames()).toIterable()
                .contains("202", "400", "409", "413", "422", "500").doesNotContain("200", "201");
        assertThat(placeOrder.path("responses").path("409").path("content").has("application/problem+json")).isTrue();
        assertThat(placeOrder.path("parameters").findValuesAsText("name")).contains("Idempotency-Key");
        assertThat(paths.path("/orders/{orderId}").path("get").path("responses").has("404")).isTrue();
        assertThat(placeOrder.path("parameters").findValuesAsText("name")).doesNotContain("caller");
        assertThat(api.get("/v3/api-docs").json().path("components").path("securitySchemes").path("bearer")
                .path("scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void swaggerUiIsServed() {
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void reportsHealthyOnItsDatabases() {
        var health = api.get("/actuator/health");
        assertThat(health.status()).as(health.rawBody()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
    }
}
