package com.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Budgets kept in the Redis on 127.0.0.1:6379 (.ci/run starts one), as every node of a deployment would: a
 * caller's budget survives this node, and what another node spent in Redis counts here too.
 */
@TestPropertySource(
        properties = {
            "shop.rate-limits.redis-url=redis://127.0.0.1:6379",
            "shop.rate-limits.reads.requests=20",
            "shop.rate-limits.reads.period=PT1M",
            "shop.rate-limits.login.requests=1000",
            "shop.rate-limits.login.period=PT1M"
        })
class SharedRateLimitIT extends ServiceTest {

    @Test
    void aCallerOverItsSharedBudgetIsAnswered429() {
        Api client = newCustomer().api();
        int ok = 0;
        Api.Response last = null;
        for (int i = 0; i < 60; i++) {
            last = client.get("/products?size=1");
            if (last.status() == 200) {
                ok++;
            } else {
                assertThat(last.status()).isEqualTo(429);
            }
        }
        assertThat(ok).isBetween(20, 22);
        assertThat(last.problemType()).isEqualTo("/problems/rate-limited");
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(newCustomer().api().get("/products?size=1").status()).isEqualTo(200);
        assertThat(redisKeys("shop:rate-limit:reads:subject:*")).isPositive();
    }

    private static long redisKeys(String pattern) {
        RedisClient redis = RedisClient.create("redis://127.0.0.1:6379");
        try (var connection = redis.connect()) {
            return connection.sync().keys(pattern).size();
        } finally {
            redis.shutdown();
        }
    }
}
