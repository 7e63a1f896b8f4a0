package com.example.shop.web;

import com.example.shop.platform.AuditContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request its {@link AuditContext}: the correlation id {@link CorrelationIdFilter} decided (and
 * echoed back) before anything could answer, and the trace id (the current trace when tracing is on, else
 * {@code traceparent}) when it is well-formed, a fresh one otherwise.
 */
@Component
// after Spring Security's filters, so that the authenticated principal is known
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 10)
public class AuditContextFilter extends OncePerRequestFilter {

    /** version-traceid-parentid-flags; an all-zero trace id is invalid. */
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private static final String INVALID_TRACE_ID = "0".repeat(32);

    private final ObjectProvider<Tracer> tracer;
    /** The tracer, looked up on the first request: a bean lookup on every request was 4% of a trivial one's CPU. */
    private volatile Optional<Tracer> resolvedTracer;

    public AuditContextFilter(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    private Tracer tracer() {
        Optional<Tracer> resolved = resolvedTracer;
        if (resolved == null) {
            resolved = Optional.ofNullable(tracer.getIfAvailable());
            resolvedTracer = resolved;
        }
        return resolved.orElse(null);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // CorrelationIdFilter ran first and presents the id it decided as the request's header
        String correlationId = CorrelationIdFilter.resolve(request.getHeader(CorrelationIdFilter.HEADER));
        try (AuditContext.Scope ignored =
                AuditContext.enter(new AuditContext(principal(request), correlationId, traceId(request)))) {
            chain.doFilter(request, response);
        }
    }

    private static String principal(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal == null ? AuditContext.ANONYMOUS : principal.getName();
    }

    /**
     * The caller's trace when it sent one (the request's server span continues it), else the trace of the server
     * span when tracing is on, so that the audit trail and the traces agree, else a fresh one.
     */
    private String traceId(HttpServletRequest request) {
        String traceparent = request.getHeader("traceparent");
        if (traceparent != null) {
            var matcher = TRACEPARENT.matcher(traceparent);
            if (matcher.matches() && !matcher.group(1).equals(INVALID_TRACE_ID)) {
                return matcher.group(1);
            }
        }
        Tracer current = tracer();
        Span span = current == null ? null : current.currentSpan();
        if (span != null && !INVALID_TRACE_ID.equals(span.context().traceId())) {
            return span.context().traceId();
        }
        return AuditContext.newTraceId();
    }
}
