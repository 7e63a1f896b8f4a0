package com.example.shop.catalog;

import java.util.regex.Pattern;

/** The shape of a stock keeping unit, shared by validation on every side. */
public final class Skus {

    /** Upper-case letters, digits, dash, dot and underscore; never a colon, which prefixes stream ids. */
    public static final String PATTERN = "[A-Z0-9][A-Z0-9._-]{0,63}";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Skus() {}

    public static boolean isValid(String sku) {
        return sku != null && COMPILED.matcher(sku).matches();
    }
}
