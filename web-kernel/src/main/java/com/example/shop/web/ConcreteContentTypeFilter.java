package com.example.shop.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request with a body whose {@code Content-Type} is a wildcard such as {@code application/*} with 415: a body
 * must say what it is, and Spring MVC would otherwise fail on it with an internal error while reading it.
 * Content types that do not parse at all are left to Spring MVC, which answers them with 415 itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class ConcreteContentTypeFilter extends OncePerRequestFilter {

    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final ObjectMapper mapper;

    public ConcreteContentTypeFilter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && METHODS_WITH_BODY.contains(request.getMethod()) && isWildcard(contentType)) {
            Problems.write(
                    response,
                    mapper,
                    Problems.of(
                            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                            "unsupported-media-type",
                            "Unsupported Media Type",
                            "Content-Type must name one media type, such as application/json, " + "not a wildcard"));
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isWildcard(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException unparseable) {
            return false;
        }
    }
}
