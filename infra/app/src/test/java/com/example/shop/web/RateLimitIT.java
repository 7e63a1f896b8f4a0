package com.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Per-client budgets, tight here, through real HTTP. */
@TestPropertySource(
        properties = {
            "shop.rate-limits.reads.requests=100", "shop.rate-limits.reads.period=PT1M",
            "shop.rate-limits.login.requests=1000", "shop.rate-limits.login.period=PT1M"
        })
class RateLimitIT extends ServiceTest {

    @Autowired
    MeterRegistry meters;

    private double limitedReads() {
        return meters.get("shop.rate-limit.requests")
                .tag("class", "reads")
                .tag("outcome", "limited")
                .counter()
                .count();
    }

    @Test
    void aClientOverItsReadBudgetIsAnswered429AndAnotherClientIsNot() {
        Api client = newCustomer().api();
        Api other = newCustomer().api();
        double limitedBefore = limitedReads();

        List<Api.Response> answers = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            answers.add(client.get("/products?size=1"));
        }

        List<Api.Response> ok =
                answers.stream().filter(answer -> answer.status() == 200).toList();
        List<Api.Response> limited =
                answers.stream().filter(answer -> answer.status() == 429).toList();
        assertThat(ok.size() + limited.size()).isEqualTo(600);
        // the budget, plus what trickled back in while the requests ran (100 a minute)
        assertThat(ok.size()).isBetween(100, 140);
        assertThat(ok.get(0).headers().firstValue("RateLimit-Limit")).hasValue("100");
        assertThat(ok.get(0).headers().firstValue("RateLimit-Policy")).hasValue("100;w=60");
        assertThat(Long.parseLong(
                        ok.get(0).headers().firstValue("RateLimit-Remaining").orElseThrow()))
                .isBetween(90L, 99L);
        Api.Response refused = limited.get(limited.size() - 1);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.problemType()).isEqualTo("/problems/rate-limited");
        assertThat(refused.json().path("status").asInt()).isEqualTo(429);
        long retryAfter =
                Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(limitedReads() - limitedBefore).isEqualTo(limited.size());

        Api.Response otherRead = other.get("/products?size=1");
        assertThat(otherRead.status()).isEqualTo(200);
        assertThat(Long.parseLong(
                        otherRead.headers().firstValue("RateLimit-Remaining").orElseThrow()))
                .isBetween(90L, 99L);
    }

    @Test
    void callersWithoutATokenAreCountedByAddress() {
        Api.Response first = anonymous.get("/products");
        assertThat(first.status()).isEqualTo(401);
        long remaining =
                Long.parseLong(first.headers().firstValue("RateLimit-Remaining").orElseThrow());
        Api.Response second = anonymous.get("/products");
        assertThat(Long.parseLong(
                        second.headers().firstValue("RateLimit-Remaining").orElseThrow()))
                .isLessThanOrEqualTo(remaining - 1);
    }

    @Test
    void healthProbesHaveNoBudget() {
        for (int i = 0; i < 150; i++) {
            assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        }
    }
}
