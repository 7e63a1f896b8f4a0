package com.example.shop.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Verifies an access token's signature once per node, not on every request: parsing and an RSA verification were
 * about a quarter of the CPU a request with a token cost. Everything that can change while a token is in use (its
 * times, its session) is still checked on every request, against the remembered, already verified token. A token
 * whose signature fails is never remembered. Remembered tokens are bounded in number and kept at most
 * {@code REMEMBERED_FOR}, so a signing key that is withdrawn stops being honoured within that time.
 */
final class SignatureCheckedOnce implements JwtDecoder {

    static final Duration REMEMBERED_FOR = Duration.ofMinutes(1);
    private static final long MAX_REMEMBERED = 100_000;

    private final JwtDecoder signatureOnly;
    private final OAuth2TokenValidator<Jwt> everyTime;
    private final Cache<String, Jwt> verified = Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED)
            .expireAfterWrite(REMEMBERED_FOR)
            .build();

    /**
     * @param signatureOnly decodes and checks the signature and the header, nothing that changes with time
     * @param everyTime     the checks that are run on every use of a token
     */
    SignatureCheckedOnce(JwtDecoder signatureOnly, OAuth2TokenValidator<Jwt> everyTime) {
        this.signatureOnly = signatureOnly;
        this.everyTime = everyTime;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.get(token, signatureOnly::decode);
        OAuth2TokenValidatorResult result = everyTime.validate(jwt);
        if (result.hasErrors()) {
            String description = result.getErrors().iterator().next().getDescription();
            throw new JwtValidationException(
                    "An error occurred while attempting to decode the Jwt: " + description, result.getErrors());
        }
        return jwt;
    }
}
