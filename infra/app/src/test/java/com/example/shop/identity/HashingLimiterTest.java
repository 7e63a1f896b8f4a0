package com.example.shop.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.rules.OverloadedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HashingLimiterTest {

    @Test
    void neverRunsMoreThanItsBoundAndShedsWhatCannotWait() throws Exception {
        HashingLimiter limiter = new HashingLimiter(4, Duration.ofMillis(50));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            outcomes.add(pool.submit(() -> {
                try {
                    return limiter.run(() -> {
                        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                        try {
                            release.await(5, TimeUnit.SECONDS); // hold the permit until the others gave up
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        running.decrementAndGet();
                        return "hashed";
                    });
                } catch (OverloadedException shed) {
                    return "shed";
                }
            }));
        }
        // the 12 that cannot get a permit give up after 50 ms; then the 4 holders are let go
        org.awaitility.Awaitility.await()
                .until(() -> outcomes.stream().filter(Future::isDone).count() == 12);
        release.countDown();
        long shed = 0;
        for (Future<String> outcome : outcomes) {
            shed += "shed".equals(outcome.get()) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(mostAtOnce.get()).isEqualTo(4);
        assertThat(shed).isEqualTo(12);
        assertThat(limiter.run(() -> "free again")).isEqualTo("free again");
    }
}
