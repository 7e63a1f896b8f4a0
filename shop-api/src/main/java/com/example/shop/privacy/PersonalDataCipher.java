package com.example.shop.privacy;

import java.util.Optional;

/**
 * Seals personal data (addresses, payment instruments) under the data key of the customer it belongs to,
 * and opens it again. Sealed values are strings {@code pii:v1:<base64>} that events and read models keep
 * instead of the plaintext; once the customer is erased their key is gone and every sealed value of
 * theirs, wherever it was copied, opens as {@link Optional#empty()}.
 */
public interface PersonalDataCipher {

    String PREFIX = "pii:v1:";

    /** Seals {@code value} (any JSON-serialisable value) for {@code customerId}. */
    String seal(String customerId, Object value);

    /**
     * Opens a sealed value: empty when its customer was erased.
     *
     * @throws UnreadablePersonalDataException when it was tampered with
     */
    <T> Optional<T> open(String sealed, Class<T> type);

    static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }
}
