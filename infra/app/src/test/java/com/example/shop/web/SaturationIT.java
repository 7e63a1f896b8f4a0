package com.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * With room for a single command at a time and no waiting, a burst of orders must be shed with fast 503s
 * carrying Retry-After, never a timeout, a 500 or an exhausted connection pool.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"shop.commands.max-concurrent=1", "shop.commands.max-wait=PT0S"})
class SaturationIT extends ServiceTest {

    @Test
    void shedsLoadWithRetryAfter(CapturedOutput log) throws Exception {
        String sku = unique("BUSY");
        assertThat(api.post("/products", Api.product(sku, 100, "EUR", 1_000_000))
                        .status())
                .isEqualTo(201);
        String customer = unique("busy");
        ExecutorService clients = Executors.newFixedThreadPool(48);
        List<Future<Api.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 480; i++) {
            answers.add(clients.submit(() -> api.post("/orders", Api.order(customer, "EUR", sku, 1))));
        }
        int placed = 0;
        int shed = 0;
        for (Future<Api.Response> answer : answers) {
            Api.Response response = answer.get();
            if (response.status() == 202) {
                placed++;
            } else {
                assertThat(response.status()).as(response.toString()).isEqualTo(503);
                assertThat(response.problemType()).isEqualTo("/problems/overloaded");
                assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
                shed++;
            }
        }
        clients.shutdown();

        assertThat(shed).as("some requests shed").isPositive();
        assertThat(placed).as("some requests served").isPositive();
        assertThat(ordersPlacedBy(customer))
                .as("one order per accepted request, none for shed ones")
                .isEqualTo(placed);
        assertThat(log.getOut()).doesNotContain("Connection is not available", "request timed out");
    }
}
