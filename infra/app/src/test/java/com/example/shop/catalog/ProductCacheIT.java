package com.example.shop.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Product reads from the cache, through real HTTP. The cache's safety-net TTL is ten minutes here, so only the
 * events can explain a change seen within seconds.
 */
class ProductCacheIT extends ServiceTest {

    @Autowired
    MeterRegistry meters;

    private String sku;

    @BeforeEach
    void product() {
        sku = unique("CACHE");
        assertThat(api.post("/products", Api.product(sku, 1200, "EUR", 10)).status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/products/" + sku).status() == 200);
    }

    private long available() {
        Api.Response read = api.get("/products/" + sku);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        return read.json().path("available").asLong();
    }

    /** The driver's commands that read the products collection (any generation of it), as Micrometer counts them. */
    private long productFinds() {
        return meters.find("mongodb.driver.commands").tag("command", "find").timers().stream()
                .filter(timer -> timer.getId().getTag("collection") != null
                        && timer.getId().getTag("collection").startsWith("products"))
                .mapToLong(Timer::count)
                .sum();
    }

    @Test
    void aStockChangeIsSeenInTheNextReadsAfterItIsProjected() {
        await().atMost(Duration.ofSeconds(10)).until(() -> available() == 10);
        assertThat(available()).isEqualTo(10); // cached now

        assertThat(api.post("/products/" + sku + "/restock", "{\"quantity\":5}").status())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> available() == 15);
        for (int i = 0; i < 20; i++) {
            assertThat(available()).isEqualTo(15);
        }
    }

    @Test
    void aCacheHitDoesNotTouchMongoDb() {
        long beforeMiss = productFinds();
        assertThat(api.get("/products?page=9999&size=" + (1 + (int) (Math.random() * 150)))
                        .status())
                .isEqualTo(200);
        assertThat(productFinds()).as("a miss is counted").isGreaterThan(beforeMiss);

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            long before = productFinds();
            available();
            return productFinds() == before; // the read was a hit
        });
        long before = productFinds();

        for (int i = 0; i < 200; i++) {
            assertThat(available()).isEqualTo(10);
        }

        assertThat(productFinds()).isEqualTo(before);
        assertThat(meters.get("cache.gets")
                        .tag("cache", "products")
                        .tag("result", "hit")
                        .functionCounter()
                        .count())
                .isGreaterThanOrEqualTo(200);
    }

    @Test
    void aMatchingIfNoneMatchIsAnswered304() {
        Api.Response first = api.get("/products/" + sku);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache, private");

        Api.Response again = api.get("/products/" + sku, "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.rawBody()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);

        assertThat(api.get("/products/" + sku, "If-None-Match", "\"other\"").status())
                .isEqualTo(200);
        Api.Response list = api.get("/products?size=200");
        String listTag = list.headers().firstValue("ETag").orElseThrow();
        assertThat(api.get("/products?size=200", "If-None-Match", listTag).status())
                .isEqualTo(304);
    }

    @Test
    void aChangedProductHasANewEtag() {
        String etag = api.get("/products/" + sku).headers().firstValue("ETag").orElseThrow();

        assertThat(api.post("/products/" + sku + "/restock", "{\"quantity\":1}").status())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/products/" + sku, "If-None-Match", etag).status() == 200);
        assertThat(available()).isEqualTo(11);
    }
}
