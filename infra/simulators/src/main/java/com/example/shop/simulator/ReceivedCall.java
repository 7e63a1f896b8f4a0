package com.example.shop.simulator;

/**
 * One request to a provider's API as it arrived, failed and refused ones included: what a test asks about the
 * headers the service sent (the W3C {@code traceparent} of the step's trace, the idempotency key).
 */
public record ReceivedCall(String method, String path, String idempotencyKey, String traceparent) {}
