package com.example.shop.privacy.crypto;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Master keys from configuration ({@code shop.security.master-keys.<id>=<base64 of 32 bytes>}, typically
 * an environment secret) with {@code shop.security.master-key-id} naming the one that wraps new secrets.
 * Older keys stay listed until everything wrapped with them has been re-wrapped.
 */
public class ConfiguredMasterKeys implements MasterKeyProvider {

    private final Map<String, SecretKey> keys = new TreeMap<>();
    private final String activeKeyId;

    public ConfiguredMasterKeys(Map<String, String> base64Keys, String activeKeyId) {
        if (base64Keys == null || base64Keys.isEmpty()) {
            throw new IllegalStateException("No master key configured: set shop.security.master-keys.<id> to 32 "
                    + "random bytes in base64 (e.g. `openssl rand -base64 32`) and shop.security.master-key-id");
        }
        base64Keys.forEach((id, value) -> {
            byte[] key = Base64.getDecoder().decode(value.trim());
            if (key.length != 32) {
                throw new IllegalStateException(
                        "master key " + id + " must be 32 bytes (AES-256), it is " + key.length);
            }
            keys.put(id, new SecretKeySpec(key, "AES"));
        });
        if (activeKeyId == null || !keys.containsKey(activeKeyId)) {
            throw new IllegalStateException("shop.security.master-key-id must name one of " + keys.keySet());
        }
        this.activeKeyId = activeKeyId;
    }

    @Override
    public byte[] wrap(byte[] secret, byte[] context) {
        return AesGcm.seal(keys.get(activeKeyId), activeKeyId, secret, context);
    }

    @Override
    public byte[] unwrap(byte[] wrapped, byte[] context) {
        return AesGcm.open(keys::get, wrapped, context);
    }

    @Override
    public boolean isWrappedWithActiveKey(byte[] wrapped) {
        return activeKeyId.equals(AesGcm.keyIdOf(wrapped));
    }
}
