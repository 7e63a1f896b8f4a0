package com.example.shop.account;

import com.example.shop.common.OverloadedException;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds the Argon2 work running at once. Each hash costs 19 MiB and tens of milliseconds of a core, so a
 * flood of logins or registrations with ever new addresses, which per-address throttling does not stop,
 * would otherwise take the CPU from everything else. Beyond the bound a request waits briefly, then gets
 * 503 with Retry-After.
 */
class HashingLimiter {

    private final Semaphore permits;
    private final Duration maxWait;

    HashingLimiter(int concurrent, Duration maxWait) {
        this.permits = new Semaphore(concurrent, true);
        this.maxWait = maxWait;
    }

    <T> T run(Supplier<T> hashing) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new OverloadedException("Too many logins and registrations at once", Duration.ofSeconds(1));
        }
        try {
            return hashing.get();
        } finally {
            permits.release();
        }
    }
}
