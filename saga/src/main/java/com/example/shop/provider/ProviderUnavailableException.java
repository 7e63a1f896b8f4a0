package com.example.shop.provider;

/**
 * A provider could not give an answer: it is down, too slow, overloaded, or its breaker is open. Unlike a
 * decline this says nothing about the order, so the saga parks the step and tries again later.
 */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String provider, String reason, Throwable cause) {
        super(provider + " unavailable: " + reason, cause);
    }
}
