package com.example.shop.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProviderFailureLogTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<String> lines = new ArrayList<>();
    private final ProviderFailureLog log = new ProviderFailureLog(
            "payment",
            Duration.ofSeconds(10),
            new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now.get();
                }
            },
            line -> lines.add("WARN " + line),
            line -> lines.add("INFO " + line));

    @Test
    void aProviderDownForAMinuteLeavesALineEveryTenSecondsNotOnePerCall() {
        for (int second = 0; second < 60; second++) {
            for (int call = 0; call < 50; call++) {
                log.failed(call % 5 == 0 ? "no answer" : "answered 503", "payment answered 503");
            }
            now.set(now.get().plusSeconds(1));
        }
        log.answered();

        assertThat(lines).hasSize(7);
        assertThat(lines.get(0))
                .isEqualTo("INFO payment failing: payment answered 503; further failures are summed up every PT10S");
        assertThat(lines.get(1))
                .isEqualTo(
                        "WARN payment still failing: 500 calls failed (answered 503: 400, no answer: 100) in the last"
                                + " 10 s");
        assertThat(lines.subList(1, 6)).allMatch(line -> line.startsWith("WARN payment still failing: "));
        assertThat(lines.get(6)).startsWith("INFO payment answers again (since the last line: ");
        long summed = lines.stream()
                .skip(1)
                .mapToLong(line -> Long.parseLong(line.replaceAll(".*?: (\\d+) calls failed.*", "$1")))
                .sum();
        assertThat(summed).as("every failure but the first, counted once").isEqualTo(60 * 50 - 1);
    }

    @Test
    void callsThatWorkSayNothing() {
        log.answered();
        log.answered();
        assertThat(lines).isEmpty();
    }

    @Test
    void aFailureAfterTheProviderAnsweredAgainIsSaidAtOnce() {
        log.failed("no answer", "payment gave no answer: timeout");
        log.answered();
        log.failed("no answer", "payment gave no answer: timeout");

        assertThat(lines)
                .containsExactly(
                        "INFO payment failing: payment gave no answer: timeout; further failures are summed up every"
                                + " PT10S",
                        "INFO payment answers again",
                        "INFO payment failing: payment gave no answer: timeout; further failures are summed up every"
                                + " PT10S");
    }
}
