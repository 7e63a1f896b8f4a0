package com.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IdempotencyIT extends ServiceTest {

    @Test
    void aRepeatedRequestGetsTheFirstAnswerAndPlacesOneOrder() {
        String sku = unique("IDEM");
        api.post("/products", Api.product(sku, 500, "EUR", 10));
        String key = UUID.randomUUID().toString();
        String customer = unique("dave");

        Api.Response first = api.post("/orders", Api.order(customer, "EUR", sku, 2), "Idempotency-Key", key);
        Api.Response second = api.post("/orders", Api.order(customer, "EUR", sku, 2), "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.location()).isEqualTo(first.location());
        assertThat(second.rawBody()).isEqualTo(first.rawBody());
        assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(ordersPlacedBy(customer)).as("one order placed").isEqualTo(1);
    }

    @Test
    void aKeyReusedForAnotherRequestIsRefused() {
        String sku = unique("IDEM");
        api.post("/products", Api.product(sku, 500, "EUR", 10));
        String key = UUID.randomUUID().toString();
        api.post("/orders", Api.order("erin", "EUR", sku, 1), "Idempotency-Key", key);
        long before = storedEvents();

        Api.Response reused = api.post("/orders", Api.order("erin", "EUR", sku, 3), "Idempotency-Key", key);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.problemType()).isEqualTo("/problems/idempotency-key-reused");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void refusalsAreRepeatedToo() {
        String sku = unique("IDEM");
        String key = UUID.randomUUID().toString();

        Api.Response first = api.post("/orders", Api.order("frank", "EUR", sku, 5), "Idempotency-Key", key);
        api.post("/products", Api.product(sku, 500, "EUR", 10));
        Api.Response second = api.post("/orders", Api.order("frank", "EUR", sku, 5), "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(422);
        assertThat(first.problemType()).isEqualTo("/problems/unknown-product");
        assertThat(second.status()).isEqualTo(422);
        assertThat(second.rawBody()).isEqualTo(first.rawBody());
    }

    @Test
    void concurrentRequestsWithOneKeyPlaceOneOrder() throws Exception {
        String sku = unique("IDEM");
        api.post("/products", Api.product(sku, 500, "EUR", 100));
        String key = UUID.randomUUID().toString();
        String customer = unique("gina");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Api.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            answers.add(
                    pool.submit(() -> api.post("/orders", Api.order(customer, "EUR", sku, 1), "Idempotency-Key", key)));
        }
        List<String> locations = new ArrayList<>();
        for (Future<Api.Response> answer : answers) {
            Api.Response response = answer.get();
            assertThat(response.status()).as(response.toString()).isIn(202, 409);
            if (response.status() == 409) {
                assertThat(response.problemType()).isEqualTo("/problems/idempotency-key-in-use");
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
            } else {
                locations.add(response.location().orElseThrow());
            }
        }
        pool.shutdown();

        assertThat(locations).isNotEmpty();
        assertThat(locations.stream().distinct()).hasSize(1);
        assertThat(ordersPlacedBy(customer)).isEqualTo(1);
    }

    @Test
    void aMalformedKeyIsRefused() {
        Api.Response response = api.post("/orders", Api.order("x", "EUR", "X", 1), "Idempotency-Key", "a".repeat(300));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("/problems/invalid-idempotency-key");
    }
}
