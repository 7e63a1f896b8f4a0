package com.example.shop.web.ratelimit;

import jakarta.servlet.http.HttpServletRequest;

/** The endpoints that share one budget of a caller. */
public enum EndpointClass {
    READS,
    ORDERS,
    CLAIMS,
    LOGIN;

    /** The class of a request, or null for one without a budget (staff writes, health probes). */
    static EndpointClass of(HttpServletRequest request) {
        String method = request.getMethod();
        String path = request.getRequestURI();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return path.startsWith("/actuator/health") ? null : READS;
        }
        if (!"POST".equals(method)) {
            return null;
        }
        if (path.equals("/orders")) {
            return ORDERS;
        }
        if (path.startsWith("/campaigns/") && path.endsWith("/claims")) {
            return CLAIMS;
        }
        if (path.startsWith("/auth/")) {
            return LOGIN; // login, registration, refresh: what a password or token guesser would call
        }
        return null;
    }

    String tag() {
        return name().toLowerCase();
    }
}
