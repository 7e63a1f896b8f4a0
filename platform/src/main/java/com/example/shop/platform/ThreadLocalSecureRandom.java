package com.example.shop.platform;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * A secure random generator per thread, and random (version 4) UUIDs drawn from it.
 * <p>{@code UUID.randomUUID()} and every {@code new SecureRandom()} on Linux draw from one native generator
 * behind one lock. Axon takes a UUID for every message (each event, command, handler result and query
 * update), so under a flood the request threads and the event processors queue on that lock: a profile
 * of the hot-SKU benchmark found the orders projection BLOCKED there most of the time, seconds behind.
 * A DRBG of its own per thread, seeded once from the system, is as unpredictable and as unique, without
 * the shared lock.
 */
public final class ThreadLocalSecureRandom {

    private static final ThreadLocal<SecureRandom> GENERATOR = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's DRBG is missing", e);
        }
    });

    private ThreadLocalSecureRandom() {}

    /** This thread's generator; do not hand it to another thread. */
    public static SecureRandom current() {
        return GENERATOR.get();
    }

    /** A random UUID (RFC 4122 version 4), like {@code UUID.randomUUID()}. */
    public static UUID uuid() {
        byte[] bytes = new byte[16];
        current().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
            low = (low << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(high, low);
    }
}
