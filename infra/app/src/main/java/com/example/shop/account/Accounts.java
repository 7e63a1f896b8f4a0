package com.example.shop.account;

import com.example.shop.infra.security.AccessTokens;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Registration and login. Passwords are hashed with Argon2id; a login for an unknown address still
 * hashes once, so the answer takes as long as for a wrong password and the two cannot be told apart.
 */
public class Accounts {

    public enum Role { CUSTOMER, ADMIN }

    public record Account(UUID id, String email, Role role, String customerId) {
    }

    /** What a login or a refresh hands out. */
    public record Tokens(String accessToken, long expiresIn, String refreshToken) {
    }

    private record Stored(Account account, String passwordHash) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final LoginThrottle throttle;
    private final Sessions sessions;
    private final AccessTokens accessTokens;
    private final Clock clock;
    private final HashingLimiter hashing;
    private final String unknownAccountHash;

    Accounts(JdbcClient jdbc, PasswordEncoder passwords, LoginThrottle throttle, Sessions sessions,
             AccessTokens accessTokens, Clock clock, HashingLimiter hashing) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.throttle = throttle;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.clock = clock;
        this.hashing = hashing;
        this.unknownAccountHash = passwords.encode(UUID.randomUUID().toString());
    }

    private static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    public Account register(String email, String password, Role role) {
        String address = normalise(email);
        String lowered = password.toLowerCase(Locale.ROOT);
        if (lowered.equals(address) || lowered.equals(address.split("@", 2)[0])) {
            throw AuthenticationProblem.weakPassword("The password must not be the e-mail address");
        }
        UUID id = UUID.randomUUID();
        Account account = new Account(id, address, role, role == Role.CUSTOMER ? id.toString() : null);
        try {
            jdbc.sql("""
                            insert into account (id, email, password_hash, role, customer_id, created_at)
                            values (:id, :email, :hash, :role, :customer, :now)""")
                    .param("id", id).param("email", address).param("hash", hashing.run(() -> passwords.encode(password)))
                    .param("role", role.name()).param("customer", account.customerId())
                    .param("now", Timestamp.from(clock.instant()))
                    .update();
        } catch (DuplicateKeyException taken) {
            throw AuthenticationProblem.emailTaken();
        }
        return account;
    }

    /**
     * Erasure: the account keeps its id (orders refer to its customer id) but loses its address and any way
     * to log in, and every session of it ends.
     */
    public void anonymise(String customerId) {
        jdbc.sql("select id from account where customer_id = :customer").param("customer", customerId)
                .query(UUID.class).optional().ifPresent(accountId -> {
                    jdbc.sql("update account set email = :erased, password_hash = :unusable where id = :id")
                            .param("erased", "erased+" + accountId + "@erased.invalid")
                            .param("unusable", "erased").param("id", accountId).update();
                    sessions.endAll(accountId, "erased");
                });
    }

    public boolean anyAdmin() {
        return jdbc.sql("select count(*) from account where role = 'ADMIN'").query(Long.class).single() > 0;
    }

    public Tokens login(String email, String password) {
        String address = normalise(email);
        throttle.attempt(address).ifPresent(lockedFor -> {
            throw AuthenticationProblem.locked(lockedFor);
        });
        Optional<Stored> stored = find(address);
        String hash = stored.map(Stored::passwordHash).orElse(unknownAccountHash);
        boolean matches = hashing.run(() -> passwords.matches(password, hash));
        if (stored.isEmpty() || !matches) {
            throw AuthenticationProblem.invalidCredentials();
        }
        throttle.succeeded(address);
        Account account = stored.get().account();
        return tokens(account, sessions.start(account.id()));
    }

    public Tokens refresh(String refreshToken) {
        Sessions.Renewal renewal = sessions.refresh(refreshToken).orElseThrow(AuthenticationProblem::invalidRefreshToken);
        Account account = byId(renewal.accountId());
        return tokens(account, renewal);
    }

    private Tokens tokens(Account account, Sessions.Renewal session) {
        String accessToken = accessTokens.issue(new AccessTokens.Grant(account.id().toString(), account.customerId(),
                List.of(account.role().name()), session.sessionId().toString()));
        return new Tokens(accessToken, accessTokens.ttlSeconds(), session.refreshToken());
    }

    private Optional<Stored> find(String email) {
        return jdbc.sql("select id, email, role, customer_id, password_hash from account where email = :email")
                .param("email", email)
                .query((row, n) -> new Stored(account(row), row.getString("password_hash")))
                .optional();
    }

    private Account byId(UUID id) {
        return jdbc.sql("select id, email, role, customer_id from account where id = :id")
                .param("id", id)
                .query((row, n) -> account(row))
                .single();
    }

    private static Account account(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Account(row.getObject("id", UUID.class), row.getString("email"), Role.valueOf(row.getString("role")),
                row.getString("customer_id"));
    }
}
