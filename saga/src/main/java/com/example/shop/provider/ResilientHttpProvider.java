package com.example.shop.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * An external HTTP API behind a timeout, retries with exponential backoff and jitter (every call made
 * here is idempotent, by its idempotency key or by a path that names what it cancels, so a repeat
 * cannot act twice), a circuit breaker and a bulkhead. When no
 * answer can be had, the fallback is {@link ProviderUnavailableException}: the saga parks the step.
 * Compensations ({@link #postCompensation}) skip the breaker: see there.
 * Breaker state, retries, bulkhead use and call latency ({@code shop.provider.calls}) are Micrometer metrics; every
 * attempt is a client span of the step's trace and carries its {@code traceparent}.
 */
public abstract class ResilientHttpProvider {

    /** A provider's HTTP answer, reduced to what the adapters decide on. */
    protected record Answer(int status, JsonNode body) {
        public String text(String field) {
            return body == null || body.get(field) == null
                    ? ""
                    : body.get(field).asText();
        }
    }

    /** A failure worth retrying: no answer at all, or the provider said it is in trouble (5xx, 429). */
    static final class TransientProviderError extends RuntimeException {
        /** What failed, without what changes from call to call. */
        final String reason;

        TransientProviderError(String reason, String message, Throwable cause) {
            super(message, cause, false, false);
            this.reason = reason;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ResilientHttpProvider.class);

    private final String name;
    private final RestClient http;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Retry compensationRetry;
    private final Bulkhead bulkhead;
    private final MeterRegistry meters;
    private final ProviderFailureLog failures;

    protected ResilientHttpProvider(String name, ProviderSettings settings, ProviderResilience resilience) {
        this.name = name;
        this.meters = resilience.meters();
        this.failures =
                new ProviderFailureLog(name, settings.failuresSummedUpEvery(), Clock.systemUTC(), LOG::warn, LOG::info);
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build());
        requests.setReadTimeout(settings.readTimeout());
        this.http = RestClient.builder()
                .baseUrl(settings.baseUrl().toString())
                .requestFactory(requests)
                .observationRegistry(resilience.observations())
                .build();
        this.breaker = resilience
                .breakers()
                .circuitBreaker(
                        name,
                        CircuitBreakerConfig.custom()
                                .slidingWindowSize(settings.breakerWindow())
                                .minimumNumberOfCalls(Math.max(1, settings.breakerWindow() / 2))
                                .failureRateThreshold(settings.failureRatePercent())
                                .waitDurationInOpenState(settings.breakerOpenFor())
                                .permittedNumberOfCallsInHalfOpenState(3)
                                .recordExceptions(TransientProviderError.class)
                                .build());
        RetryConfig retries = RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.retryBackoff(), 2.0, 0.5))
                .retryOnException(e -> e instanceof TransientProviderError)
                .build();
        this.retry = resilience.retries().retry(name, retries);
        this.compensationRetry = resilience.retries().retry(name + "-compensation", retries);
        this.bulkhead = resilience
                .bulkheads()
                .bulkhead(
                        name,
                        BulkheadConfig.custom()
                                .maxConcurrentCalls(settings.maxConcurrentCalls())
                                .maxWaitDuration(Duration.ZERO)
                                .build());
    }

    /** POSTs a JSON body; {@code idempotencyKey} may be null for calls that are idempotent by their path. */
    protected <T> T post(
            String operation, String path, String idempotencyKey, Map<String, ?> body, Function<Answer, T> decide) {
        Supplier<T> attempt = () -> decide.apply(send(path, idempotencyKey, body));
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, attempt);
        return call(operation, Bulkhead.decorateSupplier(bulkhead, Retry.decorateSupplier(retry, guarded)));
    }

    /**
     * A compensation (refund or void a payment, cancel a shipment), idempotent by its path: repeating it cannot
     * act twice, so it need not wait for the breaker's window. It goes past the breaker, neither refused while
     * the breaker is open nor counted in its window, and keeps the timeout, the retries and the bulkhead; how
     * often it is tried again is the saga's retry deadline. Charges and shipments stay behind the breaker.
     */
    protected <T> T postCompensation(String operation, String path, Map<String, ?> body, Function<Answer, T> decide) {
        Supplier<T> attempt = () -> decide.apply(send(path, null, body));
        return call(operation, Bulkhead.decorateSupplier(bulkhead, Retry.decorateSupplier(compensationRetry, attempt)));
    }

    private <T> T call(String operation, Supplier<T> call) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "answered";
        try {
            T answer = call.get();
            failures.answered();
            return answer;
        } catch (TransientProviderError | CallNotPermittedException | BulkheadFullException e) {
            outcome = "unavailable";
            failures.failed(reasonOf(e), e.getMessage());
            throw new ProviderUnavailableException(name, e.getMessage(), e);
        } finally {
            sample.stop(Timer.builder("shop.provider.calls")
                    .description("calls to external providers, retries included")
                    .tag("provider", name)
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .register(meters));
        }
    }

    private static String reasonOf(RuntimeException e) {
        if (e instanceof CallNotPermittedException) {
            return "breaker open";
        }
        if (e instanceof BulkheadFullException) {
            return "too many calls at once";
        }
        return ((TransientProviderError) e).reason;
    }

    private Answer send(String path, String idempotencyKey, Map<String, ?> body) {
        try {
            RestClient.RequestBodySpec request = http.post()
                    .uri(path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            Answer answer = request.body(body).exchange((req, response) -> {
                HttpStatusCode status = response.getStatusCode();
                return new Answer(status.value(), readJson(response));
            });
            if (answer.status() >= 500 || answer.status() == 429) {
                throw new TransientProviderError(
                        "answered " + answer.status(), name + " answered " + answer.status(), null);
            }
            return answer;
        } catch (ResourceAccessException noAnswer) {
            throw new TransientProviderError("no answer", name + " gave no answer: " + noAnswer.getMessage(), noAnswer);
        }
    }

    private static JsonNode readJson(RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse response) {
        try {
            return response.bodyTo(JsonNode.class);
        } catch (RestClientException notJson) {
            return null;
        }
    }
}
