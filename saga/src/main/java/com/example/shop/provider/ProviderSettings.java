package com.example.shop.provider;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One provider's endpoint and how hard we try: {@code readTimeout} bounds a call, {@code maxAttempts}
 * bounds the retries of one call (exponential backoff from {@code retryBackoff}, with jitter), the
 * breaker opens when {@code failureRatePercent} of the last {@code breakerWindow} calls failed and stays
 * open for {@code breakerOpenFor}, and at most {@code maxConcurrentCalls} calls are in flight.
 *
 * @param baseUrl            where the provider answers; unset, the embedded defaults start a simulator
 * @param connectTimeout     how long a connection may take
 * @param readTimeout        how long one call may take
 * @param maxAttempts        attempts of one call, the first included
 * @param retryBackoff       the wait before the first retry of a call; grows exponentially, with jitter
 * @param breakerWindow      the calls the breaker looks back on
 * @param failureRatePercent the share of failed calls in the window that opens the breaker
 * @param breakerOpenFor     how long an open breaker refuses calls before it lets a few through
 * @param maxConcurrentCalls calls in flight at once
 * @param failuresSummedUpEvery while calls keep failing, how often one log line sums them up (the first failure is
 *                           logged at once, each order's retry only at DEBUG)
 */
public record ProviderSettings(
        URI baseUrl,
        @DefaultValue("PT1S") Duration connectTimeout,
        @DefaultValue("PT2S") Duration readTimeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("PT0.2S") Duration retryBackoff,
        @DefaultValue("20") int breakerWindow,
        @DefaultValue("50") float failureRatePercent,
        @DefaultValue("PT10S") Duration breakerOpenFor,
        @DefaultValue("32") int maxConcurrentCalls,
        @DefaultValue("PT10S") Duration failuresSummedUpEvery) {}
