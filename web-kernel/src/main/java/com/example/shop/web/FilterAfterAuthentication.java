package com.example.shop.web;

import jakarta.servlet.Filter;

/**
 * A filter that the security chain runs once the request's token has been verified, so that it knows the
 * caller (an anonymous request has no authentication there yet). A feature declares a bean of this type;
 * the security chain adds every one it finds, without knowing the features.
 */
@FunctionalInterface
public interface FilterAfterAuthentication {

    Filter filter();
}
