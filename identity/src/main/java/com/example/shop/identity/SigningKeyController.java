package com.example.shop.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Signing keys", description = "The public keys that verify access tokens, and their rotation (admin)")
public class SigningKeyController {

    private final SigningKeys keys;

    public SigningKeyController(SigningKeys keys) {
        this.keys = keys;
    }

    public record Rotated(String kid) {}

    @GetMapping(path = "/.well-known/jwks.json", produces = "application/jwk-set+json")
    @Operation(
            summary = "The JSON Web Key Set: the key that signs now and retired keys whose tokens may still be valid")
    public ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(keys.publicKeys().toJSONObject());
    }

    @GetMapping("/admin/signing-keys")
    @Operation(summary = "Every signing key with when it was created and retired (admin)")
    public List<SigningKeys.SigningKey> list() {
        return keys.keys();
    }

    @PostMapping("/admin/signing-keys/rotate")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary =
                    "Sign with a new key from now on; tokens signed with the old ones stay valid until they expire (admin)")
    public Rotated rotate() {
        return new Rotated(keys.rotate());
    }
}
