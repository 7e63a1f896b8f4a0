package com.example.shop.web.idempotency;

import com.example.shop.web.BoundedBodyFilter;
import com.example.shop.web.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

/**
 * Honours the {@code Idempotency-Key} header on every POST: the first request with a key is processed
 * and its answer stored; a repeat with the same body gets that answer again (marked
 * {@code Idempotent-Replayed: true}); a repeat with another body is refused with 422, and one that
 * arrives while the first is still running gets 409 with {@code Retry-After}. Answers of 5xx are not
 * kept, so the client may retry them with the same key.
 */
@Component
@EnableConfigurationProperties(IdempotencySettings.class)
// after Spring Security's filters: a key belongs to the caller who used it, and strangers get no replays
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 20)
public class IdempotencyFilter extends OncePerRequestFilter implements SchedulingConfigurer {

    public static final String HEADER = "Idempotency-Key";
    /** The caller part of the stored key of a request without credentials. */
    public static final String ANONYMOUS_CALLER = "-";

    private static final String PERSONAL_DATA_OWNER = IdempotencyFilter.class.getName() + ".personalDataOwner";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyStore store;
    private final ObjectMapper mapper;
    private final Duration retention;
    private final Duration purgeInterval;

    public IdempotencyFilter(IdempotencyStore store, ObjectMapper mapper, IdempotencySettings settings) {
        this.store = store;
        this.mapper = mapper;
        this.retention = settings.retention();
        this.purgeInterval = settings.purgeInterval();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientKey = request.getHeader(HEADER);
        if (!VALID_KEY.matcher(clientKey).matches()) {
            Problems.write(
                    response,
                    mapper,
                    Problems.of(
                            HttpStatus.BAD_REQUEST,
                            "invalid-idempotency-key",
                            "Invalid Idempotency-Key",
                            "The key must be 1 to 255 visible ASCII characters"));
            return;
        }
        String key = (request.getUserPrincipal() == null
                        ? ANONYMOUS_CALLER
                        : request.getUserPrincipal().getName()) + " " + clientKey;
        // Spring Security wraps the request: look through the wrappers for the bounded body
        BoundedBodyFilter.CachedBodyRequest cached =
                WebUtils.getNativeRequest(request, BoundedBodyFilter.CachedBodyRequest.class);
        byte[] body = cached == null ? new byte[0] : cached.body();
        byte[] hash = hash(request.getMethod(), request.getRequestURI(), body);

        if (!store.claim(key, hash)) {
            answerRepeat(key, hash, response);
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(request, recorded);
            if (recorded.getStatus() < 500) {
                store.complete(
                        key,
                        recorded.getStatus(),
                        recorded.getContentAsByteArray(),
                        recorded.getContentType(),
                        recorded.getHeader(HttpHeaders.LOCATION),
                        (String) request.getAttribute(PERSONAL_DATA_OWNER));
                stored = true;
            }
        } finally {
            if (!stored) {
                store.release(key);
            }
            recorded.copyBodyToResponse();
        }
    }

    /**
     * Called by a handler whose answer holds personal data of {@code customerId} (an address, tokens): if the
     * answer is kept for a repeat, it is kept sealed under that customer's data key, and erasing them deletes it.
     */
    public static void answerHoldsPersonalDataOf(String customerId) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) { // outside a web request there is no answer to keep
            request.setAttribute(PERSONAL_DATA_OWNER, customerId, RequestAttributes.SCOPE_REQUEST);
        }
    }

    private void answerRepeat(String key, byte[] hash, HttpServletResponse response) throws IOException {
        Optional<IdempotencyStore.StoredResponse> first = store.find(key);
        if (first.isEmpty()) {
            // released between our claim and our look-up: the first attempt failed and may be retried
            busy(response);
            return;
        }
        IdempotencyStore.StoredResponse stored = first.get();
        if (!Arrays.equals(stored.requestHash(), hash)) {
            Problems.write(
                    response,
                    mapper,
                    Problems.of(
                            HttpStatus.UNPROCESSABLE_ENTITY,
                            "idempotency-key-reused",
                            "Idempotency-Key reused",
                            "This key was already used for a different request"));
            return;
        }
        if (!stored.completed()) {
            busy(response);
            return;
        }
        response.setStatus(stored.status());
        response.setHeader("Idempotent-Replayed", "true");
        if (stored.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.body() != null) {
            response.getOutputStream().write(stored.body());
        }
    }

    private void busy(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        ProblemDetail problem = Problems.of(
                HttpStatus.CONFLICT,
                "idempotency-key-in-use",
                "Request in progress",
                "A request with this Idempotency-Key is still being processed");
        Problems.write(response, mapper, problem);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::purgeExpiredKeys, purgeInterval, Duration.ofMinutes(1)));
    }

    void purgeExpiredKeys() {
        int purged = store.purgeOlderThan(retention, Duration.ofMinutes(5));
        if (purged > 0) {
            LOG.info("Purged {} expired idempotency keys", purged);
        }
    }

    private static byte[] hash(String method, String path, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return digest.digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
