package com.example.shop.privacy.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AesGcmTest {

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static final byte[] SECRET = "4111 1111 1111 1111".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTEXT = "customer:42:card".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealsAndOpensWithAFreshNonceEachTime() {
        ConfiguredMasterKeys keys = new ConfiguredMasterKeys(Map.of("k1", randomKey()), "k1");
        byte[] first = keys.wrap(SECRET, CONTEXT);
        byte[] second = keys.wrap(SECRET, CONTEXT);
        assertThat(first).isNotEqualTo(second);
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("4111");
        assertThat(keys.unwrap(first, CONTEXT)).isEqualTo(SECRET);
        assertThat(AesGcm.keyIdOf(first)).isEqualTo("k1");
    }

    @Test
    void anyChangedByteOrAnotherContextIsDetected() {
        ConfiguredMasterKeys keys = new ConfiguredMasterKeys(Map.of("k1", randomKey()), "k1");
        byte[] sealed = keys.wrap(SECRET, CONTEXT);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> keys.unwrap(tampered, CONTEXT))
                    .as("byte " + i)
                    .isInstanceOf(AesGcm.TamperedDataException.class);
        }
        assertThatThrownBy(() -> keys.unwrap(sealed, "customer:43:card".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AesGcm.TamperedDataException.class);
        assertThatThrownBy(() -> keys.unwrap(java.util.Arrays.copyOf(sealed, 20), CONTEXT))
                .isInstanceOf(AesGcm.TamperedDataException.class);
    }

    @Test
    void aRotatedMasterKeyStillOpensWhatTheOldOneSealed() {
        String oldKey = randomKey();
        ConfiguredMasterKeys before = new ConfiguredMasterKeys(Map.of("k1", oldKey), "k1");
        byte[] sealed = before.wrap(SECRET, CONTEXT);
        ConfiguredMasterKeys after = new ConfiguredMasterKeys(Map.of("k1", oldKey, "k2", randomKey()), "k2");
        assertThat(after.isWrappedWithActiveKey(sealed)).isFalse();
        byte[] rewrapped = after.wrap(after.unwrap(sealed, CONTEXT), CONTEXT);
        assertThat(after.isWrappedWithActiveKey(rewrapped)).isTrue();
        assertThatThrownBy(() -> new ConfiguredMasterKeys(Map.of("k2", oldKey), "k2").unwrap(sealed, CONTEXT))
                .isInstanceOf(AesGcm.TamperedDataException.class);
    }

    @Test
    void refusesKeysOfTheWrongSize() {
        assertThatThrownBy(() -> new ConfiguredMasterKeys(
                        Map.of("k1", Base64.getEncoder().encodeToString(new byte[16])), "k1"))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new ConfiguredMasterKeys(Map.of(), "k1")).hasMessageContaining("No master key");
        assertThatThrownBy(() -> new ConfiguredMasterKeys(Map.of("k1", randomKey()), "k9"))
                .hasMessageContaining("master-key-id");
    }
}
