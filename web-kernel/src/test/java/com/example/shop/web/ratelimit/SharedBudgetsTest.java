package com.example.shop.web.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two nodes spending one caller's budget in the Redis on 127.0.0.1:6379 (.ci/run starts one). */
class SharedBudgetsTest {

    private static RateLimitSettings settings(String redisUrl) {
        RateLimitSettings.Budget five = new RateLimitSettings.Budget(5, Duration.ofMinutes(1));
        return new RateLimitSettings(true, 1000, redisUrl, Duration.ofSeconds(2), five, five, five, five);
    }

    @Test
    void everyNodeSpendsTheSameBudget() {
        String caller = "subject:" + UUID.randomUUID();
        try (Budgets first = new RedisBudgets(settings("redis://127.0.0.1:6379"));
                Budgets second = new RedisBudgets(settings("redis://127.0.0.1:6379"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(first.tryConsume(caller, EndpointClass.READS).isConsumed())
                        .isTrue();
            }
            assertThat(second.tryConsume(caller, EndpointClass.READS).getRemainingTokens())
                    .isEqualTo(1);
            assertThat(second.tryConsume(caller, EndpointClass.READS).isConsumed())
                    .isTrue();

            ConsumptionProbe refused = first.tryConsume(caller, EndpointClass.READS);
            assertThat(refused.isConsumed()).isFalse();
            assertThat(refused.getNanosToWaitForRefill()).isPositive();
            assertThat(second.tryConsume(caller, EndpointClass.READS).isConsumed())
                    .isFalse();
            // another class, and another caller, have budgets of their own
            assertThat(second.tryConsume(caller, EndpointClass.LOGIN).isConsumed())
                    .isTrue();
            assertThat(first.tryConsume("subject:" + UUID.randomUUID(), EndpointClass.READS)
                            .isConsumed())
                    .isTrue();
        }
    }

    @Test
    void nodesWithoutRedisGiveEachTheWholeBudget() {
        String caller = "address:203.0.113.7";
        Budgets first = new LocalBudgets(settings(""));
        Budgets second = new LocalBudgets(settings(""));
        for (int i = 0; i < 5; i++) {
            assertThat(first.tryConsume(caller, EndpointClass.READS).isConsumed())
                    .isTrue();
        }
        assertThat(first.tryConsume(caller, EndpointClass.READS).isConsumed()).isFalse();
        assertThat(second.tryConsume(caller, EndpointClass.READS).isConsumed()).isTrue();
    }
}
