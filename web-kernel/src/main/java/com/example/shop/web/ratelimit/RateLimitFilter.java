package com.example.shop.web.ratelimit;

import com.example.shop.web.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Each caller (the token's subject, else the client address) spends a budget per {@link EndpointClass}; a request
 * over it is answered 429 with {@code Retry-After} before it reaches a controller. Every answer of a class with a
 * budget carries {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds), and
 * {@code RateLimit-Policy} ({@code <requests>;w=<seconds>}). Budgets are token buckets (Bucket4j), in this
 * node's memory or shared in Redis ({@link Budgets}). ADR 0019.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String RESET = "RateLimit-Reset";
    static final String POLICY = "RateLimit-Policy";

    private record Outcomes(Counter allowed, Counter limited) {}

    private final RateLimitSettings settings;
    private final ObjectMapper json;
    private final Budgets budgets;
    private final Counter unchecked;
    private final Map<EndpointClass, Outcomes> outcomes = new EnumMap<>(EndpointClass.class);
    private final Map<EndpointClass, String> policies = new EnumMap<>(EndpointClass.class);

    RateLimitFilter(RateLimitSettings settings, Budgets budgets, ObjectMapper json, MeterRegistry meters) {
        this.settings = settings;
        this.budgets = budgets;
        this.json = json;
        unchecked = Counter.builder("shop.rate-limit.unchecked")
                .description("Requests let through because the shared budgets could not be reached")
                .register(meters);
        for (EndpointClass endpoints : EndpointClass.values()) {
            RateLimitSettings.Budget budget = settings.budget(endpoints);
            // counters looked up once, not per request
            outcomes.put(
                    endpoints,
                    new Outcomes(
                            Counter.builder("shop.rate-limit.requests")
                                    .tag("class", endpoints.tag())
                                    .tag("outcome", "allowed")
                                    .description("Requests counted against a caller's budget")
                                    .register(meters),
                            Counter.builder("shop.rate-limit.requests")
                                    .tag("class", endpoints.tag())
                                    .tag("outcome", "limited")
                                    .description("Requests counted against a caller's budget")
                                    .register(meters)));
            policies.put(
                    endpoints,
                    budget.requests() + ";w=" + Math.max(1, budget.period().toSeconds()));
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !settings.enabled() || EndpointClass.of(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EndpointClass endpoints = EndpointClass.of(request);
        RateLimitSettings.Budget budget = settings.budget(endpoints);
        ConsumptionProbe probe;
        try {
            probe = budgets.tryConsume(caller(request), endpoints);
        } catch (RuntimeException unreachable) {
            // a limiter that cannot count lets the request through rather than take the shop down with it
            unchecked.increment();
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(LIMIT, Long.toString(budget.requests()));
        response.setHeader(REMAINING, Long.toString(probe.getRemainingTokens()));
        response.setHeader(
                RESET,
                Long.toString(seconds(
                        probe.isConsumed()
                                ? nanosUntilFull(budget, probe.getRemainingTokens())
                                : probe.getNanosToWaitForRefill())));
        response.setHeader(POLICY, policies.get(endpoints));
        if (probe.isConsumed()) {
            outcomes.get(endpoints).allowed().increment();
            chain.doFilter(request, response);
            return;
        }
        outcomes.get(endpoints).limited().increment();
        response.setHeader(
                HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds(probe.getNanosToWaitForRefill()))));
        Problems.write(
                response,
                json,
                Problems.of(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "rate-limited",
                        "Too many requests",
                        "This client has used its budget of " + budget.requests() + " " + endpoints.tag()
                                + " requests per " + budget.period().toSeconds()
                                + " s; retry after the time in Retry-After"));
    }

    /** The token's subject when the request is authenticated, else the address it came from. */
    private static String caller(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "subject:" + authentication.getName();
        }
        return "address:" + request.getRemoteAddr();
    }

    /** How long a gradual refill takes from {@code remaining} back to a full budget. */
    private static long nanosUntilFull(RateLimitSettings.Budget budget, long remaining) {
        return budget.period().toNanos() / budget.requests() * (budget.requests() - remaining);
    }

    /** Whole seconds, rounded up: a client that waits that long finds budget again. */
    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }
}
