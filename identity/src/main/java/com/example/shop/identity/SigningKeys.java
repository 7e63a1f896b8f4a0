package com.example.shop.identity;

import com.example.shop.privacy.crypto.MasterKeyProvider;
import com.example.shop.privacy.crypto.WrappedUnderMasterKey;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The RSA keys that sign access tokens, kept in PostgreSQL so that every node signs and verifies with the
 * same set. The newest unretired key signs. Rotation adds a key and retires the others: a retired key
 * still verifies (and is published in the JWKS) until every token it signed has expired, so rotating logs
 * nobody out. Nodes reload the set every minute and at once when a token names a kid they do not know.
 */
public class SigningKeys implements JWKSource<SecurityContext>, WrappedUnderMasterKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final Duration RELOAD_EVERY = Duration.ofMinutes(1);
    private static final Duration UNKNOWN_KID_RELOAD_GAP = Duration.ofSeconds(1);

    public record SigningKey(String kid, Instant createdAt, Instant retiredAt) {}

    private record Loaded(RSAKey signer, JWKSet verifiers, List<SigningKey> keys, Instant at) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MasterKeyProvider masterKeys;
    private final Clock clock;
    private final Duration verifyRetiredFor;
    private volatile Loaded loaded;

    public SigningKeys(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            MasterKeyProvider masterKeys,
            Clock clock,
            SecuritySettings.Tokens tokens) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.masterKeys = masterKeys;
        this.clock = clock;
        this.verifyRetiredFor = tokens.accessTokenTtl().plus(tokens.clockSkew());
    }

    /** Creates the first key when there is none that signs. */
    public void ensureSigningKey() {
        boolean none = jdbc.sql("select count(*) from signing_key where retired_at is null")
                        .query(Long.class)
                        .single()
                == 0;
        if (none) {
            String kid = create();
            log.info("Created access-token signing key {}", kid);
        }
        reload();
    }

    /** Adds a new signing key and retires the others; answers the new key's id. */
    public String rotate() {
        String kid = transactions.execute(status -> {
            String created = create();
            jdbc.sql("update signing_key set retired_at = :now where retired_at is null and kid <> :kid")
                    .param("now", Timestamp.from(clock.instant()))
                    .param("kid", created)
                    .update();
            return created;
        });
        log.info("Rotated access-token signing keys: {} signs from now on", kid);
        reload();
        return kid;
    }

    @Override
    public String secrets() {
        return "signingKeys";
    }

    /** Re-wraps every private key still under an older master key; answers how many were re-wrapped. */
    @Override
    public int rewrapUnderActiveMasterKey() {
        record Wrapped(String kid, byte[] privateKey) {}
        List<Wrapped> stale = jdbc
                .sql("select kid, private_key from signing_key")
                .query((row, n) -> new Wrapped(row.getString(1), row.getBytes(2)))
                .list()
                .stream()
                .filter(key -> !masterKeys.isWrappedWithActiveKey(key.privateKey()))
                .toList();
        stale.forEach(key -> jdbc.sql("update signing_key set private_key = :wrapped where kid = :kid")
                .param(
                        "wrapped",
                        masterKeys.wrap(masterKeys.unwrap(key.privateKey(), context(key.kid())), context(key.kid())))
                .param("kid", key.kid())
                .update());
        return stale.size();
    }

    public RSAKey signer() {
        Loaded current = current();
        if (current.signer() == null) {
            throw new IllegalStateException("no signing key: ensureSigningKey() was not called");
        }
        return current.signer();
    }

    /** The public keys a client may verify with: the signing key and the retired ones still in use. */
    public JWKSet publicKeys() {
        return current().verifiers().toPublicJWKSet();
    }

    public List<SigningKey> keys() {
        return current().keys();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        Loaded current = current();
        List<JWK> matches = selector.select(current.verifiers());
        if (matches.isEmpty() && current.at().plus(UNKNOWN_KID_RELOAD_GAP).isBefore(clock.instant())) {
            matches = selector.select(reload().verifiers());
        }
        return matches;
    }

    private Loaded current() {
        Loaded current = loaded;
        if (current == null || current.at().plus(RELOAD_EVERY).isBefore(clock.instant())) {
            current = reload();
        }
        return current;
    }

    private synchronized Loaded reload() {
        Instant now = clock.instant();
        List<Row> rows = jdbc.sql("select kid, public_key, private_key, created_at, retired_at from signing_key")
                .query((row, n) -> new Row(
                        row.getString(1),
                        row.getBytes(2),
                        row.getBytes(3),
                        row.getTimestamp(4).toInstant(),
                        row.getTimestamp(5) == null ? null : row.getTimestamp(5).toInstant()))
                .list();
        Row newest = rows.stream()
                .filter(row -> row.retiredAt() == null)
                .max(Comparator.comparing(Row::createdAt))
                .orElse(null);
        RSAKey signer = newest == null ? null : newest.withPrivateKey(privateKey(newest));
        List<JWK> verifiers = rows.stream()
                .filter(row -> row.retiredAt() == null
                        || row.retiredAt().plus(verifyRetiredFor).isAfter(now))
                .map(row -> (JWK) row.publicJwk())
                .toList();
        List<SigningKey> keys = rows.stream()
                .sorted(Comparator.comparing(Row::createdAt).reversed())
                .map(row -> new SigningKey(row.kid(), row.createdAt(), row.retiredAt()))
                .toList();
        Loaded fresh = new Loaded(signer, new JWKSet(verifiers), keys, now);
        loaded = fresh;
        return fresh;
    }

    private RSAPrivateKey privateKey(Row row) {
        try {
            byte[] pkcs8 = masterKeys.unwrap(row.privateKey(), context(row.kid()));
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + row.kid() + " is not a valid RSA key", e);
        }
    }

    private String create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String kid = UUID.randomUUID().toString();
            jdbc.sql("""
                            insert into signing_key (kid, public_key, private_key, created_at)
                            values (:kid, :publicKey, :privateKey, :now)""")
                    .param("kid", kid)
                    .param("publicKey", pair.getPublic().getEncoded())
                    .param("privateKey", masterKeys.wrap(pair.getPrivate().getEncoded(), context(kid)))
                    .param("now", Timestamp.from(clock.instant()))
                    .update();
            return kid;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    private static byte[] context(String kid) {
        return ("signing_key:" + kid).getBytes(StandardCharsets.UTF_8);
    }

    private record Row(String kid, byte[] publicKey, byte[] privateKey, Instant createdAt, Instant retiredAt) {

        RSAKey publicJwk() {
            return builder().build();
        }

        RSAKey withPrivateKey(RSAPrivateKey key) {
            return builder().privateKey(key).build();
        }

        private RSAKey.Builder builder() {
            try {
                RSAPublicKey key =
                        (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKey));
                return new RSAKey.Builder(key)
                        .keyID(kid)
                        .keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.RS256);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("signing key " + kid + " has an invalid public key", e);
            }
        }
    }
}
