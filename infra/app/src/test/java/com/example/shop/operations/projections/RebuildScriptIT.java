package com.example.shop.operations.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.support.Api;
import com.example.shop.support.Scripts;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code infra/rebuild.sh}, run as an operator runs it, against the started service. */
class RebuildScriptIT extends ServiceTest {

    private static final String CATALOG = "product-catalog";
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private Path script;
    private String base;

    @BeforeEach
    void findTheScript() {
        script = Scripts.script("rebuild.sh");
        base = "http://127.0.0.1:" + port;
    }

    @Test
    void rebuildsTheProjectionWithTheTokenFromShopToken() throws Exception {
        String sku = unique("REBUILD");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 3)).status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/products/" + sku).status() == 200);
        long generation = api.get("/admin/projections/" + CATALOG)
                .json()
                .path("generation")
                .asLong();

        Scripts.Run run = Scripts.run(script, Map.of("SHOP_TOKEN", adminToken), PATIENCE, CATALOG, base);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Rebuilt " + CATALOG + " up to event", "100%");
        JsonNode status = api.get("/admin/projections/" + CATALOG).json();
        assertThat(status.path("generation").asLong()).isGreaterThan(generation);
        assertThat(status.path("rebuilding").asBoolean()).isFalse();
        assertThat(api.get("/products/" + sku).json().path("available").asLong())
                .isEqualTo(3);
    }

    @Test
    void withoutShopTokenSaysHowToGetOne() throws Exception {
        Scripts.Run run = Scripts.run(script, Map.of(), PATIENCE, CATALOG, base);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("SHOP_TOKEN is not set", base + "/auth/login", "jq -r .accessToken");
    }

    @Test
    void aCustomersTokenIsRefusedAndTheScriptFails() throws Exception {
        Customer customer = newCustomer();
        String token = anonymous
                .login(customer.email(), customer.password())
                .json()
                .path("accessToken")
                .asText();

        Scripts.Run run = Scripts.run(script, Map.of("SHOP_TOKEN", token), PATIENCE, CATALOG, base);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("answered 403", "/problems/forbidden");
    }
}
