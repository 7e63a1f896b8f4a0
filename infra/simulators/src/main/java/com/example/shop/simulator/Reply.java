package com.example.shop.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete HTTP answer. The body is serialized up front so a stored answer is replayed byte for byte.
 *
 * @param body null for an answer without body
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_TYPE_PREFIX = "urn:simulator:problem:";

    /** RFC 9457 problem details. */
    record Problem(String type, String title, int status, String detail) {}

    static Reply json(int status, Object body) {
        return new Reply(status, JSON, Json.toBytes(body), Map.of());
    }

    static Reply noContent() {
        return new Reply(204, null, null, Map.of());
    }

    static Reply problem(int status, String slug, String title, String detail) {
        Problem problem = new Problem(PROBLEM_TYPE_PREFIX + slug, title, status, detail);
        return new Reply(status, PROBLEM_JSON, Json.toBytes(problem), Map.of());
    }

    static Reply notFound(String path) {
        return problem(404, "not-found", "Not Found", "no resource at " + path);
    }

    static Reply methodNotAllowed(String method, String allowed) {
        return problem(405, "method-not-allowed", "Method Not Allowed", method + " is not allowed here; use " + allowed)
                .withHeader("Allow", allowed);
    }

    static Reply unavailable(String detail) {
        return problem(503, "service-unavailable", "Service Unavailable", detail);
    }

    Reply withHeader(String name, String value) {
        Map<String, String> extended = new LinkedHashMap<>(headers);
        extended.put(name, value);
        return new Reply(status, contentType, body, Map.copyOf(extended));
    }
}
