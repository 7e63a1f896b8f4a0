package com.example.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.ShopApplication;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * A second node on the same PostgreSQL and MongoDB. The product-catalog projection runs on one of the two; the
 * other's cache must still learn of a restock from the events, not from its ten-minute safety-net TTL.
 */
class ProductCacheOnTwoNodesIT extends ServiceTest {

    @Autowired
    Environment environment;

    private ConfigurableApplicationContext secondNode;
    private Api second;

    @BeforeEach
    void startSecondNode() {
        String keyId = environment.getProperty("shop.security.master-key-id");
        secondNode = new SpringApplicationBuilder(ShopApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                        "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                        "--spring.datasource.password=",
                        "--spring.datasource.hikari.maximum-pool-size=5",
                        "--spring.data.mongodb.uri=" + environment.getProperty("spring.data.mongodb.uri"),
                        // both nodes must unwrap the same signing keys
                        "--shop.security.master-key-id=" + keyId,
                        "--shop.security.master-keys." + keyId + "="
                                + environment.getProperty("shop.security.master-keys." + keyId),
                        "--shop.embedded.data-dir=target/test-data/second-node-" + UUID.randomUUID(),
                        "--shop.embedded.delete-data-on-close=true",
                        "--shop.simulators.payment.port=0",
                        "--shop.simulators.shipping.port=0",
                        "--shop.security.admin.email=" + ADMIN_EMAIL,
                        "--shop.security.admin.password=" + ADMIN_PASSWORD,
                        "--shop.rate-limits.enabled=false",
                        "--logging.level.root=WARN");
        second = new Api(((WebServerApplicationContext) secondNode)
                        .getWebServer()
                        .getPort())
                .withToken(adminToken);
    }

    @AfterEach
    void stopSecondNode() {
        if (secondNode != null) {
            secondNode.close();
        }
    }

    private static long available(Api node, String sku) {
        Api.Response read = node.get("/products/" + sku);
        return read.status() == 200 ? read.json().path("available").asLong() : -1;
    }

    @Test
    void aRestockOnOneNodeIsSeenByTheOtherNodesCache() {
        String sku = unique("NODES");
        assertThat(api.post("/products", Api.product(sku, 500, "EUR", 10)).status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> available(second, sku) == 10 && available(api, sku) == 10);
        assertThat(available(second, sku)).isEqualTo(10); // kept in both caches now

        assertThat(api.post("/products/" + sku + "/restock", "{\"quantity\":7}").status())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> available(second, sku) == 17 && available(api, sku) == 17);
        for (int i = 0; i < 10; i++) {
            assertThat(available(second, sku)).isEqualTo(17);
            assertThat(available(api, sku)).isEqualTo(17);
        }
    }
}
