package com.example.shop.bench;

import java.util.Arrays;

/** Request latencies of one scenario, kept whole so percentiles are exact. */
final class Latencies {

    private long[] nanos = new long[1024];
    private int size;

    synchronized void add(long elapsedNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = elapsedNanos;
    }

    synchronized double percentileMillis(double percentile) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int index = (int) Math.min(size - 1, Math.ceil(percentile / 100.0 * size) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    synchronized double meanMillis() {
        return size == 0 ? Double.NaN : Arrays.stream(nanos, 0, size).average().orElse(0) / 1e6;
    }

    synchronized int count() {
        return size;
    }
}
