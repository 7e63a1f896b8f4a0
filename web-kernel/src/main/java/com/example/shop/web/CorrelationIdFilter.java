package com.example.shop.web;

import com.example.shop.platform.AuditContext;
import com.example.shop.platform.LogContext;
import com.example.shop.platform.ThreadLocalSecureRandom;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decides a request's {@code X-Correlation-Id} before anything can answer it (the body limit, the security
 * firewall, authentication, admission), so that every answer carries one, a 401 as much as a 201: the
 * caller's when it is well-formed, a fresh one otherwise. Later readers of the header (the audit context)
 * see the id that was decided here. Every line logged while the request runs carries it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Correlation-Id";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The caller's id when it is well-formed, a fresh random one otherwise. */
    public static String resolve(String offered) {
        return offered != null && WELL_FORMED.matcher(offered).matches()
                ? offered
                : ThreadLocalSecureRandom.uuid().toString();
    }

    /** Also for errors that Tomcat dispatches to the error page without the request passing the filters first. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String offered = request.getHeader(HEADER);
        // an error dispatch keeps the id its request was given
        String decided = response.getHeader(HEADER);
        String correlationId = decided != null ? decided : resolve(offered);
        response.setHeader(HEADER, correlationId);
        // also what is logged before the audit context is known (a refused token, a body over the limit)
        try (AuditContext.Scope ignored = LogContext.enter(null, correlationId, null)) {
            chain.doFilter(
                    correlationId.equals(offered) ? request : new WithCorrelationId(request, correlationId), response);
        }
    }

    /** The request as if the caller had sent the id decided for it. */
    private static final class WithCorrelationId extends HttpServletRequestWrapper {
        private final String correlationId;

        WithCorrelationId(HttpServletRequest request, String correlationId) {
            super(request);
            this.correlationId = correlationId;
        }

        @Override
        public String getHeader(String name) {
            return HEADER.equalsIgnoreCase(name) ? correlationId : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HEADER.equalsIgnoreCase(name)
                    ? Collections.enumeration(java.util.List.of(correlationId))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            java.util.List<String> names = Collections.list(super.getHeaderNames());
            if (names.stream().noneMatch(HEADER::equalsIgnoreCase)) {
                names.add(HEADER);
            }
            return Collections.enumeration(names);
        }
    }
}
