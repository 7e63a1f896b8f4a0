package com.example.shop.privacy.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.ShopApplication;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Rotating the master key across restarts of one installation: the new key is added and made active, a
 * re-wrap moves every data key and signing key under it, and the service then runs with the new key
 * alone. Events and read models are not rewritten, and everything stays readable: tokens, logins and the
 * personal data of orders placed under the old key.
 */
class MasterKeyRotationIT {

    private static final String STREET = "1 Rotation Road";

    @TempDir
    Path dataDir;

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private ConfigurableApplicationContext start(Map<String, String> masterKeys, String active) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--shop.embedded.data-dir=" + dataDir,
                "--shop.embedded.postgres.prefer-local=false",
                "--shop.embedded.mongo.persistent=true",
                "--shop.simulators.payment.port=0",
                "--shop.simulators.shipping.port=0",
                "--shop.security.admin.email=" + ServiceTest.ADMIN_EMAIL,
                "--shop.security.admin.password=" + ServiceTest.ADMIN_PASSWORD,
                "--shop.security.master-key-id=" + active));
        masterKeys.forEach((id, key) -> arguments.add("--shop.security.master-keys." + id + "=" + key));
        return new SpringApplicationBuilder(ShopApplication.class).run(arguments.toArray(String[]::new));
    }

    private static Api anonymous(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void aRotatedMasterKeyReplacesTheOldOneWithoutRewritingData() {
        String oldKey = newKey();
        String newKey = newKey();
        String orderId;
        String customerEmail = "rotation@example.test";
        String password = "a long enough password";

        try (ConfigurableApplicationContext first = start(Map.of("k1", oldKey), "k1")) {
            Api admin = anonymous(first).loggedInAs(ServiceTest.ADMIN_EMAIL, ServiceTest.ADMIN_PASSWORD);
            assertThat(admin.post("/products", Api.product("ROTATE-1", 900, "EUR", 3))
                            .status())
                    .isEqualTo(201);
            assertThat(anonymous(first)
                            .post("/auth/register", Api.credentials(customerEmail, password))
                            .status())
                    .isEqualTo(201);
            Api customer = anonymous(first).loggedInAs(customerEmail, password);
            Api.Response placed = customer.post("/orders", """
                    {"currency":"EUR","lines":[{"sku":"ROTATE-1","quantity":1}],
                     "shippingAddress":{"name":"Rota","line1":"%s","postalCode":"1000","city":"Brussels","country":"BE"},
                     "payment":{"cardToken":"tok_rotation_1234"}}""".formatted(STREET));
            assertThat(placed.status()).as(placed.toString()).isEqualTo(202);
            orderId = placed.json().path("orderId").asText();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> customer.get("/orders/" + orderId).status() == 200);
        }

        try (ConfigurableApplicationContext both = start(Map.of("k1", oldKey, "k2", newKey), "k2")) {
            Api admin = anonymous(both).loggedInAs(ServiceTest.ADMIN_EMAIL, ServiceTest.ADMIN_PASSWORD);
            JsonNode rewrapped = admin.post("/admin/master-keys/rewrap", "").json();
            assertThat(rewrapped.path("dataKeys").asInt())
                    .as("the customer's and the admin's (their addresses)")
                    .isEqualTo(2);
            assertThat(rewrapped.path("signingKeys").asInt()).isEqualTo(1);
            assertThat(rewrapped.path("blindIndexKeys").asInt()).isEqualTo(1);
            assertThat(admin.post("/admin/master-keys/rewrap", "")
                            .json()
                            .path("dataKeys")
                            .asInt())
                    .isZero();
        }

        try (ConfigurableApplicationContext onlyNew = start(Map.of("k2", newKey), "k2")) {
            Api customer = anonymous(onlyNew).loggedInAs(customerEmail, password);
            JsonNode order = customer.get("/orders/" + orderId).json();
            assertThat(order.path("personalData").path("availability").asText()).isEqualTo("PRESENT");
            assertThat(order.path("personalData")
                            .path("shippingAddress")
                            .path("line1")
                            .asText())
                    .isEqualTo(STREET);
        }
    }
}
