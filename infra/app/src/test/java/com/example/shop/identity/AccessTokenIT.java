package com.example.shop.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.shop.support.Api;
import com.example.shop.support.MutableClock;
import com.example.shop.support.ServiceTest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** Forged, expired and otherwise wrong access tokens are refused with 401; only a good one gets through. */
class AccessTokenIT extends ServiceTest {

    @Autowired
    AccessTokens accessTokens;

    @Autowired
    SigningKeys signingKeys;

    @Autowired
    SecuritySettings settings;

    private Customer customer;
    private String goodToken;
    private JWTClaimsSet goodClaims;

    @BeforeEach
    void logIn() throws Exception {
        customer = newCustomer();
        goodToken = customer.api()
                .login(customer.email(), customer.password())
                .json()
                .path("accessToken")
                .asText();
        goodClaims = SignedJWT.parse(goodToken).getJWTClaimsSet();
    }

    private Api.Response readOwnOrdersWith(String token) {
        return anonymous.withToken(token).get("/customers/" + customer.customerId() + "/orders");
    }

    private String signedWith(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder(goodClaims);
        change.accept(claims);
        return accessTokens.sign(claims.build());
    }

    private void assertRefused(String token) {
        Api.Response answer = readOwnOrdersWith(token);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.isProblem()).isTrue();
        assertThat(answer.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(answer.headers().firstValue("X-Correlation-Id"))
                .as("correlation id of a 401")
                .isPresent();
        assertThat(answer.rawBody())
                .doesNotContainIgnoringCase("exception")
                .doesNotContain("nimbus")
                .doesNotContain("at com.");
    }

    @Test
    void aGoodTokenAndOnlyAGoodTokenIsAccepted() {
        assertThat(readOwnOrdersWith(goodToken).status()).isEqualTo(200);
        // the same claims signed again by the service's key pass too: the refusals below are about what was changed
        assertThat(readOwnOrdersWith(signedWith(claims -> {})).status()).isEqualTo(200);
        assertThat(anonymous
                        .get("/customers/" + customer.customerId() + "/orders")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void expiredAndNotYetValidTokensAreRefused() {
        Instant now = Instant.now();
        Duration beyondSkew = settings.tokens().clockSkew().plusSeconds(5);
        assertRefused(signedWith(claims -> claims.issueTime(Date.from(now.minus(Duration.ofHours(1))))
                .expirationTime(Date.from(now.minus(beyondSkew)))));
        assertRefused(signedWith(claims -> claims.notBeforeTime(Date.from(now.plus(beyondSkew)))));
        assertRefused(signedWith(claims -> claims.expirationTime(null)));
    }

    @Test
    void wrongIssuerAudienceOrSessionIsRefused() {
        assertRefused(signedWith(claims -> claims.issuer("https://evil.example")));
        assertRefused(signedWith(claims -> claims.audience("another-api")));
        assertRefused(signedWith(claims -> claims.claim(
                AccessTokens.SESSION_ID, java.util.UUID.randomUUID().toString())));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefusedEvenWithOurKid() throws Exception {
        var stranger =
                new RSAKeyGenerator(2048).keyID(signingKeys.signer().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(stranger.getKeyID())
                        .type(new com.nimbusds.jose.JOSEObjectType("at+jwt"))
                        .build(),
                goodClaims);
        forged.sign(new RSASSASigner(stranger));
        assertRefused(forged.serialize());
    }

    @Test
    void unsignedAndHmacTokensAreRefused() throws Exception {
        assertRefused(new PlainJWT(goodClaims).serialize());
        // alg confusion: HS256 keyed with bytes anyone can know (here the public key) must not verify
        SignedJWT hmac = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(signingKeys.signer().getKeyID())
                        .build(),
                goodClaims);
        hmac.sign(new MACSigner(signingKeys.signer().toRSAPublicKey().getEncoded()));
        assertRefused(hmac.serialize());
        // a header that says none, with the original signature left on
        String[] parts = goodToken.split("\\.");
        String none = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8));
        assertRefused(none + "." + parts[1] + ".");
        assertRefused(none + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String[] parts = goodToken.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"roles\":[\"CUSTOMER\"]", "\"roles\":[\"ADMIN\"]");
        assertThat(payload).contains("ADMIN");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
        assertRefused(tampered);
        assertRefused(goodToken.substring(0, goodToken.length() - 4) + "AAAA");
        assertRefused("not-a-jwt");
    }

    @Test
    void anAccessTokenDiesAtItsExpiryOnTheInjectedClock() {
        MutableClock clock = new MutableClock(Instant.now());
        JwtDecoder decoder = new AccessTokens(signingKeys, settings.tokens(), clock).decoder(session -> true);
        Instant issued = goodClaims.getIssueTime().toInstant();
        Duration ttl = settings.tokens().accessTokenTtl();
        Duration skew = settings.tokens().clockSkew();

        clock.set(issued.plus(ttl).plus(skew).minusSeconds(1));
        assertThat(decoder.decode(goodToken).getSubject()).isEqualTo(goodClaims.getSubject());
        clock.set(issued.plus(ttl).plus(skew).plusSeconds(1));
        assertThatThrownBy(() -> decoder.decode(goodToken)).isInstanceOf(JwtValidationException.class);
    }
}
