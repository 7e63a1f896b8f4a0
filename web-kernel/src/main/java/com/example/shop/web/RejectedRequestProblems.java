package com.example.shop.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Answers the requests Spring Security's firewall refuses ({@code ..}, {@code ;}, {@code //}, encoded
 * slashes, control characters in the URL or a header) with a problem, instead of the servlet error page.
 * Spring Security picks this bean up for its filter chain.
 */
@Component
public class RejectedRequestProblems implements RequestRejectedHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RejectedRequestProblems.class);

    private final ObjectMapper mapper;

    public RejectedRequestProblems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        LOG.debug("Rejected a request: {}", rejected.getMessage());
        if (!response.isCommitted()) {
            response.resetBuffer();
            Problems.write(response, mapper, Problems.rejectedRequest());
        }
    }
}
