package com.example.shop.web;

import jakarta.servlet.Filter;

/**
 * A filter that the security chain runs after its header and CORS filters and before it authenticates the
 * request: a refusal there costs no token check and still carries the security headers. A feature declares a
 * bean of this type; the security chain adds every one it finds, without knowing the features.
 */
@FunctionalInterface
public interface FilterBeforeAuthentication {

    Filter filter();
}
