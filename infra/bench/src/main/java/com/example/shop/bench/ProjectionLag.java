package com.example.shop.bench;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Live projection lag: from the moment a write was answered to the moment its result is visible. One
 * thread sweeps every watched id that is not yet visible every {@value #SWEEP_MILLIS} ms (after the
 * previous sweep ended), so the measurement adds a bounded load however far the projection falls behind.
 * The earlier poll per id and interval grew with the lag, and {@code MongoTemplate.exists} is a count that
 * the in-process server runs as a scan under the collection's lock: it slowed the projection it measured.
 * The figure overstates the lag by at most the interval plus one sweep.
 */
final class ProjectionLag {

    private static final long SWEEP_MILLIS = 50;
    private static final long GIVE_UP_SECONDS = 60;

    private final Function<Set<String>, Set<String>> visibleOf;
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor();
    private final Latencies lags = new Latencies();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean finishing;

    /** @param visibleOf of the given ids, those whose write can be read yet */
    ProjectionLag(Function<Set<String>, Set<String>> visibleOf) {
        this.visibleOf = visibleOf;
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    void watch(String id, long answeredNanos) {
        pending.put(id, answeredNanos);
    }

    private void sweep() {
        if (!pending.isEmpty()) {
            Set<String> visible = visibleOf.apply(Set.copyOf(pending.keySet()));
            long now = System.nanoTime();
            pending.entrySet().removeIf(watched -> {
                boolean givenUp = now - watched.getValue() > TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
                if (visible.contains(watched.getKey()) || givenUp) {
                    lags.add(now - watched.getValue()); // never seen: counts as the whole wait
                    return true;
                }
                return false;
            });
        }
        if (finishing && pending.isEmpty()) {
            done.countDown();
        }
    }

    /** Waits until every watched id was seen (or given up on) and answers the lags. */
    Latencies finish() throws InterruptedException {
        finishing = true;
        done.await(GIVE_UP_SECONDS + 10, TimeUnit.SECONDS);
        sweeper.shutdownNow();
        return lags;
    }
}
