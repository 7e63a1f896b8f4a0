package com.example.shop.identity;

import com.example.shop.rules.OverloadedException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounds the Argon2 work running at once, with the same Resilience4j bulkhead the commands pass
 * ({@code CommandDispatcher}). Each hash costs 19 MiB and tens of milliseconds of a core, so a flood of
 * logins or registrations with ever new addresses, which per-address throttling does not stop, would
 * otherwise take the CPU from everything else. Beyond the bound a request waits briefly, then gets 503
 * with Retry-After.
 */
class HashingLimiter {

    private final Bulkhead bulkhead;

    HashingLimiter(int concurrent, Duration maxWait) {
        this.bulkhead = Bulkhead.of(
                "password-hashing",
                BulkheadConfig.custom()
                        .maxConcurrentCalls(concurrent)
                        .maxWaitDuration(maxWait)
                        .build());
    }

    <T> T run(Supplier<T> hashing) {
        try {
            return bulkhead.executeSupplier(hashing);
        } catch (BulkheadFullException full) {
            throw new OverloadedException("Too many logins and registrations at once", Duration.ofSeconds(1));
        }
    }
}
