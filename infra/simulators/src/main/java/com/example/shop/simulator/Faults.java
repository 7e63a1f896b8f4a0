package com.example.shop.simulator;

/**
 * Fault settings of a simulated provider. Immutable; change them with the {@code with...} copies.
 *
 * @param latencyMs      delay added to every response of the provider API
 * @param errorRate      fraction of requests answered 503 without being processed
 * @param timeoutRate    fraction of requests that are processed but answered only after {@code timeoutDelayMs},
 *                       so that a client with a shorter read timeout gives up although the work was done
 * @param timeoutDelayMs response delay of the requests picked by {@code timeoutRate}
 * @param outage         when true every request is answered 503 at once and nothing is processed
 * @param declineRate    payment gateway only: fraction of new charges declined
 * @param rejectRate     shipping carrier only: fraction of new shipments rejected
 */
public record Faults(
        long latencyMs,
        double errorRate,
        double timeoutRate,
        long timeoutDelayMs,
        boolean outage,
        double declineRate,
        double rejectRate) {

    /** Longer than any sensible client read timeout, so a "timed out" request really looks timed out. */
    public static final long DEFAULT_TIMEOUT_DELAY_MS = 5_000;

    public Faults {
        requireNonNegative("latencyMs", latencyMs);
        requireNonNegative("timeoutDelayMs", timeoutDelayMs);
        requireRate("errorRate", errorRate);
        requireRate("timeoutRate", timeoutRate);
        requireRate("declineRate", declineRate);
        requireRate("rejectRate", rejectRate);
    }

    /** A provider that answers every request correctly and at once. */
    public static Faults none() {
        return new Faults(0, 0, 0, DEFAULT_TIMEOUT_DELAY_MS, false, 0, 0);
    }

    public Faults withLatencyMs(long latencyMs) {
        return new Faults(latencyMs, errorRate, timeoutRate, timeoutDelayMs, outage, declineRate, rejectRate);
    }

    public Faults withErrorRate(double errorRate) {
        return new Faults(latencyMs, errorRate, timeoutRate, timeoutDelayMs, outage, declineRate, rejectRate);
    }

    public Faults withTimeoutRate(double timeoutRate) {
        return new Faults(latencyMs, errorRate, timeoutRate, timeoutDelayMs, outage, declineRate, rejectRate);
    }

    public Faults withTimeoutDelayMs(long timeoutDelayMs) {
        return new Faults(latencyMs, errorRate, timeoutRate, timeoutDelayMs, outage, declineRate, rejectRate);
    }

    public Faults withOutage(boolean outage) {
        return new Faults(latencyMs, errorRate, timeoutRate, timeoutDelayMs, outage, declineRate, rejectRate);
    }

    public Faults withDeclineRate(double declineRate) {
        return new Faults(latencyMs, errorRate, timeoutRate, timeoutDelayMs, outage, declineRate, rejectRate);
    }

    public Faults withRejectRate(double rejectRate) {
        return new Faults(latencyMs, errorRate, timeoutRate, timeoutDelayMs, outage, declineRate, rejectRate);
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0 but was " + value);
        }
    }

    private static void requireRate(String name, double rate) {
        // written this way round so that NaN is rejected too
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1 but was " + rate);
        }
    }
}
