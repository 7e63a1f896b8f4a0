package com.example.shop.fulfilment;

import com.example.shop.privacy.PersonalDataCipher;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A stand-in for the real cipher in fixture tests: it encodes instead of encrypting, but keeps the
 * behaviour the saga depends on: a value opens until its customer is erased. The real AES-GCM cipher is
 * tested against PostgreSQL in the app module.
 */
final class TestCipher implements PersonalDataCipher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Set<String> erased = new HashSet<>();

    void erase(String customerId) {
        erased.add(customerId);
    }

    @Override
    public String seal(String customerId, Object value) {
        try {
            String encoded = customerId + "\n" + JSON.writeValueAsString(value);
            return PREFIX + Base64.getEncoder().encodeToString(encoded.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public <T> Optional<T> open(String sealed, Class<T> type) {
        String[] customerAndValue = new String(
                        Base64.getDecoder().decode(sealed.substring(PREFIX.length())), StandardCharsets.UTF_8)
                .split("\n", 2);
        if (erased.contains(customerAndValue[0])) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(customerAndValue[1], type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
