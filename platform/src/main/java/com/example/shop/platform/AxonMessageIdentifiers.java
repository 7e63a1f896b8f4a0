package com.example.shop.platform;

import org.axonframework.common.IdentifierFactory;

/**
 * The identifiers of Axon's messages, from {@link ThreadLocalSecureRandom} instead of the JDK's shared
 * generator. Axon finds it through {@code META-INF/services/org.axonframework.common.IdentifierFactory}.
 */
public class AxonMessageIdentifiers extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        return ThreadLocalSecureRandom.uuid().toString();
    }
}
