package com.example.shop.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Closed-loop load: a fixed number of clients, each sending its next request when the last one answered. */
final class Load {

    enum Outcome {
        GRANTED,
        SOLD_OUT,
        OTHER
    }

    interface Client {
        Outcome attempt(int client) throws Exception;
    }

    interface Request {
        void send(int index) throws Exception;
    }

    record Result(
            String name,
            int clients,
            int grants,
            int attempts,
            int other,
            double secondsToLastGrant,
            Latencies latencies) {
        double grantsPerSecond() {
            return grants / secondsToLastGrant;
        }
    }

    private Load() {}

    /** Every client claims until it is told "sold out"; throughput is measured up to the last grant. */
    static Result untilSoldOut(String name, int clients, int quota, Client client) throws Exception {
        AtomicInteger grants = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        AtomicLong lastGrant = new AtomicLong();
        Latencies latencies = new Latencies();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            running.add(pool.submit(() -> {
                go.await();
                while (true) {
                    long started = System.nanoTime();
                    Outcome outcome = client.attempt(id);
                    long finished = System.nanoTime();
                    attempts.incrementAndGet();
                    if (outcome == Outcome.GRANTED) {
                        latencies.add(finished - started);
                        grants.incrementAndGet();
                        lastGrant.accumulateAndGet(finished, Math::max);
                    } else if (outcome == Outcome.SOLD_OUT) {
                        return null;
                    } else if (other.incrementAndGet() > 100_000) {
                        throw new IllegalStateException(name + ": too many unexpected answers");
                    }
                }
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> future : running) {
            future.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
        if (grants.get() != quota) {
            throw new IllegalStateException(name + " granted " + grants.get() + " of a quota of " + quota);
        }
        return new Result(
                name, clients, grants.get(), attempts.get(), other.get(), (lastGrant.get() - start) / 1e9, latencies);
    }

    /** Runs {@code work} from {@code clients} threads for a fixed time; answers completed calls per second. */
    static double ratePerSecond(int clients, double seconds, Client work) throws Exception {
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int id = c;
            running.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    work.attempt(id);
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        pool.shutdown();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** Sends requests 0 to {@code count - 1} from {@code connections} threads, each taking the next; answers the seconds taken. */
    static double spread(int connections, int count, Request request) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            running.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    request.send(i);
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get(30, TimeUnit.MINUTES);
        }
        pool.shutdown();
        return (System.nanoTime() - start) / 1e9;
    }
}
