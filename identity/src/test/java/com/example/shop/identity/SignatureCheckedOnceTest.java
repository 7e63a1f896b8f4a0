package com.example.shop.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class SignatureCheckedOnceTest {

    private final AtomicInteger signatureChecks = new AtomicInteger();
    private final AtomicInteger validations = new AtomicInteger();
    private final AtomicBoolean sessionActive = new AtomicBoolean(true);

    private final SignatureCheckedOnce decoder = new SignatureCheckedOnce(
            token -> {
                signatureChecks.incrementAndGet();
                if (token.startsWith("forged")) {
                    throw new BadJwtException("signature does not match");
                }
                return Jwt.withTokenValue(token)
                        .header("alg", "RS256")
                        .subject("account-1")
                        .issuedAt(Instant.parse("2026-12-01T10:00:00Z"))
                        .expiresAt(Instant.parse("2026-12-01T10:15:00Z"))
                        .build();
            },
            jwt -> {
                validations.incrementAndGet();
                return sessionActive.get()
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(
                                new OAuth2Error("invalid_token", "The session has ended", null));
            });

    @Test
    void aTokenIsVerifiedOnceAndValidatedOnEveryUse() {
        for (int i = 0; i < 3; i++) {
            assertThat(decoder.decode("token-1").getSubject()).isEqualTo("account-1");
        }
        assertThat(signatureChecks).hasValue(1);
        assertThat(validations).hasValue(3);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsSessionHasEnded() {
        decoder.decode("token-1");
        sessionActive.set(false);
        assertThatThrownBy(() -> decoder.decode("token-1"))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("The session has ended");
        assertThat(signatureChecks).hasValue(1);
    }

    @Test
    void aTokenWhoseSignatureFailsIsNeverRemembered() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> decoder.decode("forged-1")).isInstanceOf(BadJwtException.class);
        }
        assertThat(signatureChecks).hasValue(2);
        assertThat(validations).hasValue(0);
    }
}
