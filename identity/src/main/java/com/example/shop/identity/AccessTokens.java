package com.example.shop.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Issues and verifies access tokens: RS256 JWTs with a {@code kid}, an issuer, an audience, a lifetime of
 * {@code shop.security.tokens.access-token-ttl}, the account's roles, its customer id and the session they
 * belong to. Verification accepts only RS256 with a published key (so {@code alg: none} and HMAC tricks
 * fail), checks issuer, audience and times against the injectable clock, and refuses tokens whose session
 * was revoked or timed out.
 */
public class AccessTokens {

    public static final String ROLES = "roles";
    public static final String CUSTOMER_ID = "customer_id";
    public static final String SESSION_ID = "sid";
    private static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");

    /** What an access token says about its bearer. */
    public record Grant(String accountId, String customerId, Collection<String> roles, String sessionId) {}

    private final SigningKeys keys;
    private final SecuritySettings.Tokens settings;
    private final Clock clock;

    public AccessTokens(SigningKeys keys, SecuritySettings.Tokens settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    public String issue(Grant grant) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(grant.accountId())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.accessTokenTtl())))
                .jwtID(UUID.randomUUID().toString())
                .claim(ROLES, List.copyOf(grant.roles()))
                .claim(SESSION_ID, grant.sessionId());
        if (grant.customerId() != null) {
            claims.claim(CUSTOMER_ID, grant.customerId());
        }
        return sign(claims.build());
    }

    /** Signs any claims with the current key: for issuing, and for tests that need a token of a given shape. */
    public String sign(JWTClaimsSet claims) {
        RSAKey key = keys.signer();
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .type(TYPE)
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign an access token", e);
        }
    }

    public long ttlSeconds() {
        return settings.accessTokenTtl().toSeconds();
    }

    public JwtDecoder decoder(Predicate<String> sessionIsActive) {
        DefaultJWTProcessor<com.nimbusds.jose.proc.SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
        // times, issuer and audience are checked by the validators below, against the injectable clock
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        NimbusJwtDecoder signatureOnly = new NimbusJwtDecoder(processor);
        signatureOnly.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        JwtTimestampValidator times = new JwtTimestampValidator(settings.clockSkew());
        times.setClock(clock);
        return new SignatureCheckedOnce(
                signatureOnly,
                new DelegatingOAuth2TokenValidator<>(List.of(
                        times,
                        required(JwtClaimNames.EXP),
                        required(JwtClaimNames.IAT),
                        required(JwtClaimNames.SUB),
                        new JwtIssuerValidator(settings.issuer()),
                        new JwtClaimValidator<List<String>>(
                                JwtClaimNames.AUD,
                                audience -> audience != null && audience.contains(settings.audience())),
                        session(sessionIsActive))));
    }

    private static OAuth2TokenValidator<Jwt> required(String claim) {
        return new JwtClaimValidator<Object>(claim, Objects::nonNull);
    }

    private static OAuth2TokenValidator<Jwt> session(Predicate<String> isActive) {
        OAuth2Error ended = new OAuth2Error("invalid_token", "The session has ended", null);
        return jwt -> {
            String sessionId = jwt.getClaimAsString(SESSION_ID);
            return sessionId != null && isActive.test(sessionId)
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(ended);
        };
    }
}
