package com.example.shop.infra.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** RFC 9457 problem details with a stable type per error: {@code /problems/<code>}. */
public final class Problems {

    private Problems() {
    }

    public static URI type(String code) {
        return URI.create("/problems/" + code);
    }

    public static ProblemDetail of(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(code));
        problem.setTitle(title);
        return problem;
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
    public static void write(HttpServletResponse response, ObjectMapper mapper, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), problem);
    }
}
