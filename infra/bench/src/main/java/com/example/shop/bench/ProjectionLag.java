package com.example.shop.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live projection lag: from the moment a write was answered to the moment its read model answers 200.
 * Each watched path is polled every {@value #POLL_MILLIS} ms on a scheduler of its own, so the figure
 * overstates the lag by at most that much.
 */
final class ProjectionLag {

    private static final long POLL_MILLIS = 5;
    private static final long GIVE_UP_SECONDS = 60;

    private final Http http;
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(8);
    private final List<CompletableFuture<Void>> watched = new CopyOnWriteArrayList<>();
    private final Latencies lags = new Latencies();

    ProjectionLag(Http http) {
        this.http = http;
    }

    void watch(String path, long answeredNanos) {
        CompletableFuture<Void> seen = new CompletableFuture<>();
        watched.add(seen);
        pollers.execute(() -> poll(path, answeredNanos, seen));
    }

    private void poll(String path, long answeredNanos, CompletableFuture<Void> seen) {
        boolean found = http.get(path).status() == 200;
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
