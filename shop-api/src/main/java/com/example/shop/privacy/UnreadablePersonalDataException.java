package com.example.shop.privacy;

/** A sealed value that fails authentication: altered, truncated, or moved from where it was sealed. */
public class UnreadablePersonalDataException extends RuntimeException {

    public UnreadablePersonalDataException(String message) {
        super(message);
    }
}
