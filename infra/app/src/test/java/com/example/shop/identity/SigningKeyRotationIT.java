package com.example.shop.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rotating the signing key logs nobody out: old tokens verify until they expire, new ones use the new key. */
class SigningKeyRotationIT extends ServiceTest {

    private static List<String> kids(JsonNode jwks) {
        List<String> kids = new ArrayList<>();
        jwks.path("keys").forEach(key -> kids.add(key.path("kid").asText()));
        return kids;
    }

    @Test
    void tokensSignedBeforeARotationStayValid() throws Exception {
        Customer customer = newCustomer();
        Api.Response before = anonymous.login(customer.email(), customer.password());
        String oldKid = SignedJWT.parse(before.json().path("accessToken").asText())
                .getHeader()
                .getKeyID();

        Api.Response rotated = api.post("/admin/signing-keys/rotate", "");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
        String newKid = rotated.json().path("kid").asText();
        assertThat(newKid).isNotEqualTo(oldKid);

        JsonNode jwks = anonymous.get("/.well-known/jwks.json").json();
        assertThat(kids(jwks)).contains(oldKid, newKid);
        jwks.path("keys").forEach(key -> {
            assertThat(key.path("kty").asText()).isEqualTo("RSA");
            assertThat(key.has("d")).as("no private part published").isFalse();
            assertThat(key.has("p")).isFalse();
        });

        String oldToken = before.json().path("accessToken").asText();
        assertThat(anonymous
                        .withToken(oldToken)
                        .get("/customers/" + customer.customerId() + "/orders")
                        .status())
                .isEqualTo(200);
        Api.Response refreshed = anonymous.post(
                "/auth/refresh",
                "{\"refreshToken\":\"" + before.json().path("refreshToken").asText() + "\"}");
        String newToken = refreshed.json().path("accessToken").asText();
        assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(newKid);
        assertThat(anonymous
                        .withToken(newToken)
                        .get("/customers/" + customer.customerId() + "/orders")
                        .status())
                .isEqualTo(200);

        JsonNode keys = api.get("/admin/signing-keys").json();
        assertThat(keys.get(0).path("kid").asText()).isEqualTo(newKid);
        assertThat(jdbc.sql("select count(*) from signing_key where retired_at is null")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }
}
