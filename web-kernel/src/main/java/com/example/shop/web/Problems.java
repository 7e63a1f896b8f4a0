package com.example.shop.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details with a stable type per error: {@code /problems/<code>}. */
public final class Problems {

    private Problems() {}

    public static URI type(String code) {
        return URI.create("/problems/" + code);
    }

    public static ProblemDetail of(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(code));
        problem.setTitle(title);
        return problem;
    }

    /**
     * The stable code of an answer that has nothing more precise to say than its status: the status's name
     * ({@code method-not-allowed}, {@code unsupported-media-type}, {@code not-found}...), {@code internal} for 500.
     */
    public static String codeFor(HttpStatusCode status) {
        if (status.value() == 500) {
            return "internal";
        }
        if (status.value() == 413) {
            return "payload-too-large";
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null
                ? "http-" + status.value()
                : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A problem for a status alone, e.g. an error the servlet container or the error page reports. */
    public static ProblemDetail forStatus(int status, String detail) {
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code, detail);
        problem.setType(type(codeFor(code)));
        HttpStatus known = HttpStatus.resolve(status);
        problem.setTitle(known == null ? "Error " + status : known.getReasonPhrase());
        return problem;
    }

    /** No type, or RFC 9457's default {@code about:blank}, which says nothing a client could act on. */
    public static boolean isUntyped(ProblemDetail problem) {
        return problem.getType() == null
                || "about:blank".equals(problem.getType().toString());
    }

    /** A request Spring Security's firewall refused: a URL or a header it does not allow. */
    public static ProblemDetail rejectedRequest() {
        return of(
                HttpStatus.BAD_REQUEST,
                "rejected-request",
                "Request rejected",
                "The URL or a header contains characters or sequences that are not allowed "
                        + "(such as '..', ';', '//', an encoded '/', '%' or '.', or control characters)");
    }

    /** The answer to a request refused because the service is saturated; send {@link #retryAfter} with it. */
    public static ProblemDetail overloaded(String detail) {
        return of(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Service saturated", detail);
    }

    /** A {@code Retry-After} value: whole seconds, at least one. */
    public static String retryAfter(Duration delay) {
        return Long.toString(Math.max(1, delay.toSeconds()));
    }

    /** For filters, which answer before Spring MVC's exception handling is reached. */
    public static void write(HttpServletResponse response, ObjectMapper mapper, ProblemDetail problem)
            throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), problem);
    }
}
