package com.example.shop.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Live projection lag: from the moment a write was answered to the moment its result is visible. Each
 * watched id is checked every {@value #POLL_MILLIS} ms on a scheduler of its own, so the figure
 * overstates the lag by at most that much, plus the time the check itself takes.
 */
final class ProjectionLag {

    private static final long POLL_MILLIS = 50;
    private static final long GIVE_UP_SECONDS = 60;

    private final Predicate<String> visible;
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(8);
    private final List<CompletableFuture<Void>> watched = new CopyOnWriteArrayList<>();
    private final Latencies lags = new Latencies();

    /** @param visible whether the result of the write with this id can be read yet */
    ProjectionLag(Predicate<String> visible) {
        this.visible = visible;
    }

    void watch(String id, long answeredNanos) {
        CompletableFuture<Void> seen = new CompletableFuture<>();
        watched.add(seen);
        pollers.execute(() -> poll(id, answeredNanos, seen));
    }

    private void poll(String path, long answeredNanos, CompletableFuture<Void> seen) {
        boolean found = visible.test(path);
        long now = System.nanoTime();
        if (found || now - answeredNanos > TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS)) {
            lags.add(now - answeredNanos); // never seen: counts as the whole wait
            seen.complete(null);
        } else {
            pollers.schedule(() -> poll(path, answeredNanos, seen), POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    Latencies finish() throws Exception {
        CompletableFuture.allOf(watched.toArray(CompletableFuture[]::new)).get(GIVE_UP_SECONDS + 10, TimeUnit.SECONDS);
        pollers.shutdown();
        return lags;
    }
}
