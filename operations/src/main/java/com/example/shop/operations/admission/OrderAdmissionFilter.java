package com.example.shop.operations.admission;

import com.example.shop.rules.OverloadedException;
import com.example.shop.web.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Asks {@link OrderAdmission} before {@code POST /orders} is authenticated or its body read. Under a flood
 * most order requests are refused; verifying their tokens and parsing, validating and sealing their bodies
 * first cost as much CPU as the orders accepted, CPU that the sagas and the read models of the accepted
 * orders were waiting for. It sits in the security chain after the header and CORS filters, so a refusal
 * still carries the security headers and a browser can read its {@code Retry-After}. A refusal reveals
 * nothing but that the shop is busy, so it needs no caller.
 */
public class OrderAdmissionFilter extends OncePerRequestFilter {

    private final OrderAdmission admission;
    private final ObjectMapper json;

    public OrderAdmissionFilter(OrderAdmission admission, ObjectMapper json) {
        this.admission = admission;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/orders".equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            admission.admit();
        } catch (OverloadedException refused) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Problems.retryAfter(refused.retryAfter()));
            Problems.write(response, json, Problems.overloaded(refused.getMessage()));
            return;
        }
        chain.doFilter(request, response);
    }
}
