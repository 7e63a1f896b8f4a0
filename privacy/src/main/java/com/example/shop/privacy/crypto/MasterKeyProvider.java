package com.example.shop.privacy.crypto;

/**
 * Wraps and unwraps small secrets (data keys, signing keys) under a master key that never leaves the
 * provider. {@link ConfiguredMasterKeys} holds the master keys from configuration; a cloud KMS would
 * implement the same three calls with its encrypt and decrypt operations.
 */
public interface MasterKeyProvider {

    /** Encrypts {@code secret} under the active master key; {@code context} is bound to it (AAD). */
    byte[] wrap(byte[] secret, byte[] context);

    /** Decrypts what {@link #wrap} produced with any master key still known; fails when it was tampered with. */
    byte[] unwrap(byte[] wrapped, byte[] context);

    /** Whether {@code wrapped} is under the active master key; rotation re-wraps what is not. */
    boolean isWrappedWithActiveKey(byte[] wrapped);
}
