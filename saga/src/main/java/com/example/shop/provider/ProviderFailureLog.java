package com.example.shop.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A provider's failed calls in a few lines instead of one per call and retry: while a provider is down every order
 * fails on every attempt, and a line for each would bury everything else. The first failure is said at once; while
 * failures go on, one line per interval says how many there were and why; the first call that works again says so,
 * with what failed since the last line. The first line is INFO, the sums WARN. Each order's step still leaves its own
 * line at DEBUG.
 */
final class ProviderFailureLog {

    private final String provider;
    private final Duration every;
    private final Clock clock;
    private final Consumer<String> warn;
    private final Consumer<String> info;
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private volatile boolean failing;
    private volatile Instant lastSaid = Instant.EPOCH;

    ProviderFailureLog(String provider, Duration every, Clock clock, Consumer<String> warn, Consumer<String> info) {
        this.provider = provider;
        this.every = every;
        this.clock = clock;
        this.warn = warn;
        this.info = info;
    }

    /** @param reason short and without details that change from call to call ("answered 503", "no answer") */
    void failed(String reason, String example) {
        Instant now = clock.instant();
        synchronized (this) {
            if (!failing) {
                failing = true;
                lastSaid = now;
                // one failure is routine (it is retried); failures that go on are said at WARN
                info.accept(provider + " failing: " + example + "; further failures are summed up every " + every);
                return;
            }
            reasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
            if (!now.isBefore(lastSaid.plus(every))) {
                warn.accept(provider + " still failing: " + drained() + " in the last "
                        + Duration.between(lastSaid, now).toSeconds() + " s");
                lastSaid = now;
            }
        }
    }

    void answered() {
        if (!failing) {
            return;
        }
        synchronized (this) {
            if (!failing) {
                return;
            }
            failing = false;
            String since = reasons.isEmpty() ? "" : " (since the last line: " + drained() + ")";
            info.accept(provider + " answers again" + since);
        }
    }

    /** The failures counted since the last line, by reason, and the count reset. */
    private String drained() {
        Map<String, Long> counted = new TreeMap<>();
        reasons.forEach((reason, count) -> counted.put(reason, count.sumThenReset()));
        reasons.clear();
        long total = counted.values().stream().mapToLong(Long::longValue).sum();
        return total + " calls failed ("
                + counted.entrySet().stream()
                        .map(entry -> entry.getKey() + ": " + entry.getValue())
                        .collect(Collectors.joining(", "))
                + ")";
    }
}
