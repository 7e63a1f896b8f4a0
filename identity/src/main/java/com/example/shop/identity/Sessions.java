package com.example.shop.identity;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Login sessions and their refresh tokens. A refresh token is 256 random bits, kept only as its SHA-256,
 * and good for one refresh: each use hands out a successor. Presenting a used token again means it was
 * copied, so the whole session (every token descended from the login) is revoked. A session dies when it
 * was not refreshed within the idle timeout, at its absolute lifetime, or at logout.
 */
public class Sessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new or refreshed session: the account it belongs to and the refresh token to use next. */
    public record Renewal(UUID accountId, UUID sessionId, String refreshToken) {}

    private record TokenRow(
            UUID sessionId,
            UUID accountId,
            Instant usedAt,
            Instant startedAt,
            Instant lastRefreshedAt,
            Instant revokedAt) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SecuritySettings.Sessions settings;
    private final Clock clock;
    private final LoadingCache<UUID, Boolean> activeSessions;

    public Sessions(
            JdbcClient jdbc, TransactionTemplate transactions, SecuritySettings.Sessions settings, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
        Caffeine<Object, Object> cache = Caffeine.newBuilder()
                .expireAfterWrite(settings.revocationCheckCache())
                .maximumSize(100_000);
        if (!settings.revocationCheckCache().isZero()
                && !settings.revocationCheckCache().isNegative()) {
            // a session in use is checked again in the background from half its time on, so that its requests do not
            // all queue behind the query each time the answer expires; no answer is trusted longer than before
            cache.refreshAfterWrite(settings.revocationCheckCache().dividedBy(2));
        }
        this.activeSessions = cache.build(this::loadActive);
    }

    public Renewal start(UUID accountId) {
        Instant now = clock.instant();
        UUID sessionId = UUID.randomUUID();
        return transactions.execute(status -> {
            jdbc.sql("""
                            insert into auth_session (id, account_id, started_at, last_refreshed_at)
                            values (:id, :account, :now, :now)""")
                    .param("id", sessionId)
                    .param("account", accountId)
                    .param("now", Timestamp.from(now))
                    .update();
            return new Renewal(accountId, sessionId, issueToken(sessionId, now));
        });
    }

    /** Trades a refresh token for its successor; empty when the token may not be used (see the class comment). */
    public Optional<Renewal> refresh(String refreshToken) {
        byte[] hash = hash(refreshToken);
        return transactions.execute(status -> {
            Instant now = clock.instant();
            Optional<TokenRow> found = jdbc.sql("""
                            select s.id, s.account_id, t.used_at, s.started_at, s.last_refreshed_at, s.revoked_at
                            from refresh_token t join auth_session s on s.id = t.session_id
                            where t.token_hash = :hash""")
                    .param("hash", hash)
                    .query((row, n) -> new TokenRow(
                            row.getObject(1, UUID.class),
                            row.getObject(2, UUID.class),
                            instant(row.getTimestamp(3)),
                            instant(row.getTimestamp(4)),
                            instant(row.getTimestamp(5)),
                            instant(row.getTimestamp(6))))
                    .optional();
            if (found.isEmpty() || found.get().revokedAt() != null) {
                return Optional.<Renewal>empty();
            }
            TokenRow token = found.get();
            String expired = !now.isBefore(token.startedAt().plus(settings.absoluteLifetime()))
                    ? "absolute-lifetime"
                    : !now.isBefore(token.lastRefreshedAt().plus(settings.idleTimeout())) ? "idle-timeout" : null;
            if (expired != null) {
                revoke(token.sessionId(), expired, now);
                return Optional.<Renewal>empty();
            }
            // one statement decides which of two concurrent uses wins: the row lock makes the loser see used_at
            boolean firstUse =
                    jdbc.sql("update refresh_token set used_at = :now where token_hash = :hash and used_at is null")
                                    .param("now", Timestamp.from(now))
                                    .param("hash", hash)
                                    .update()
                            == 1;
            if (!firstUse) {
                revoke(token.sessionId(), "refresh-token-reuse", now);
                return Optional.<Renewal>empty();
            }
            jdbc.sql("update auth_session set last_refreshed_at = :now where id = :id")
                    .param("now", Timestamp.from(now))
                    .param("id", token.sessionId())
                    .update();
            return Optional.of(new Renewal(token.accountId(), token.sessionId(), issueToken(token.sessionId(), now)));
        });
    }

    /** Logout: ends the session the refresh token belongs to, whether the token is current or already used. */
    public void logout(String refreshToken) {
        jdbc.sql("select session_id from refresh_token where token_hash = :hash")
                .param("hash", hash(refreshToken))
                .query(UUID.class)
                .optional()
                .ifPresent(sessionId -> revoke(sessionId, "logout", clock.instant()));
    }

    /** Ends every session of an account. */
    public void endAll(UUID accountId, String reason) {
        jdbc.sql("select id from auth_session where account_id = :account and revoked_at is null")
                .param("account", accountId)
                .query(UUID.class)
                .list()
                .forEach(sessionId -> revoke(sessionId, reason, clock.instant()));
    }

    /** Whether access tokens of this session are still good; remembered for a few seconds per node. */
    public boolean isActive(String sessionId) {
        UUID id;
        try {
            id = UUID.fromString(sessionId);
        } catch (IllegalArgumentException notOurs) {
            return false;
        }
        return activeSessions.get(id);
    }

    private boolean loadActive(UUID sessionId) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        select count(*) from auth_session
                        where id = :id and revoked_at is null and started_at > :absoluteLimit
                          and last_refreshed_at > :idleLimit""")
                        .param("id", sessionId)
                        .param("absoluteLimit", Timestamp.from(now.minus(settings.absoluteLifetime())))
                        .param("idleLimit", Timestamp.from(now.minus(settings.idleTimeout())))
                        .query(Long.class)
                        .single()
                == 1;
    }

    private void revoke(UUID sessionId, String reason, Instant now) {
        jdbc.sql(
                        "update auth_session set revoked_at = :now, revoked_reason = :reason where id = :id and revoked_at is null")
                .param("now", Timestamp.from(now))
                .param("reason", reason)
                .param("id", sessionId)
                .update();
        activeSessions.invalidate(sessionId);
    }

    private String issueToken(UUID sessionId, Instant now) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        jdbc.sql("insert into refresh_token (token_hash, session_id, issued_at) values (:hash, :session, :now)")
                .param("hash", hash(token))
                .param("session", sessionId)
                .param("now", Timestamp.from(now))
                .update();
        return token;
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
