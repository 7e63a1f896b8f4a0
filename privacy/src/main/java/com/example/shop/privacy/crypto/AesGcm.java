package com.example.shop.privacy.crypto;

import com.example.shop.platform.ThreadLocalSecureRandom;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM in a versioned envelope: {@code [version 1][key id length][key id][96-bit nonce][ciphertext
 * and 128-bit tag]}. The nonce is random per value; the key id says which key opens it, so keys can
 * rotate while old values stay readable; the caller's context is authenticated with it (AAD), so a value
 * copied to another field or customer does not open.
 */
public final class AesGcm {

    static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private AesGcm() {}

    public static byte[] seal(SecretKey key, String keyId, byte[] plaintext, byte[] context) {
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        if (id.length > 255) {
            throw new IllegalArgumentException("key id longer than 255 bytes");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        ThreadLocalSecureRandom.current().nextBytes(nonce); // the shared generator is a lock every order queues on
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header(id));
            cipher.updateAAD(context);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(2 + id.length + NONCE_BYTES + sealed.length)
                    .put(header(id))
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public static byte[] open(Function<String, SecretKey> keys, byte[] envelope, byte[] context) {
        String keyId = keyIdOf(envelope);
        SecretKey key = keys.apply(keyId);
        if (key == null) {
            throw new TamperedDataException("no key " + keyId + " to open this value");
        }
        int headerLength = 2 + (envelope[1] & 0xff);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, envelope, headerLength, NONCE_BYTES));
            cipher.updateAAD(envelope, 0, headerLength);
            cipher.updateAAD(context);
            int offset = headerLength + NONCE_BYTES;
            return cipher.doFinal(envelope, offset, envelope.length - offset);
        } catch (AEADBadTagException e) {
            throw new TamperedDataException("value failed authentication: tampered with or under another context");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public static String keyIdOf(byte[] envelope) {
        if (envelope == null
                || envelope.length < 2
                || envelope[0] != VERSION
                || envelope.length < 2 + (envelope[1] & 0xff) + NONCE_BYTES + TAG_BITS / 8) {
            throw new TamperedDataException("not an envelope of version " + VERSION);
        }
        return new String(envelope, 2, envelope[1] & 0xff, StandardCharsets.UTF_8);
    }

    private static byte[] header(byte[] keyId) {
        byte[] header = new byte[2 + keyId.length];
        header[0] = VERSION;
        header[1] = (byte) keyId.length;
        System.arraycopy(keyId, 0, header, 2, keyId.length);
        return header;
    }

    /** A value that does not decrypt: altered, truncated, or sealed under another key or context. */
    public static final class TamperedDataException extends RuntimeException {
        TamperedDataException(String message) {
            super(message);
        }
    }
}
