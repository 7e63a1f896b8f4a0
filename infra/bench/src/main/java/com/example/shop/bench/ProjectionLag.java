package com.example.shop.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Live projection lag: from the moment a write was answered to the moment its read model answers 200.
 * Each watched path is polled every {@value #POLL_MILLIS} ms on a few threads of its own, so the figure
 * overstates the lag by at most that much.
 */
final class ProjectionLag {

    private static final long POLL_MILLIS = 5;
    private static final long GIVE_UP_SECONDS = 60;

    private final Http http;
    private final ExecutorService pollers = Executors.newFixedThreadPool(8);
    private final Latencies lags = new Latencies();

    ProjectionLag(Http http) {
        this.http = http;
    }

    void watch(String path, long answeredNanos) {
        pollers.execute(() -> {
            long deadline = answeredNanos + TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
            while (System.nanoTime() < deadline) {
                if (http.get(path).status() == 200) {
                    lags.add(System.nanoTime() - answeredNanos);
                    return;
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            lags.add(System.nanoTime() - answeredNanos); // never seen: counts as the whole wait
        });
    }

    Latencies finish() throws InterruptedException {
        pollers.shutdown();
        pollers.awaitTermination(GIVE_UP_SECONDS + 10, TimeUnit.SECONDS);
        return lags;
    }
}
