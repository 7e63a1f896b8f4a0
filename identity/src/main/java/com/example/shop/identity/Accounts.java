package com.example.shop.identity;

import com.example.shop.privacy.keys.BlindIndex;
import com.example.shop.privacy.keys.CustomerDataKeys;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registration and login. Passwords are hashed with Argon2id; a login for an unknown address still
 * hashes once, so the answer takes as long as for a wrong password and the two cannot be told apart.
 * Addresses are never stored in the clear (ADR 0013): an account holds its address sealed under its own
 * data key, and finds it again by the address's blind index, one indexed look-up.
 */
public class Accounts {

    public enum Role {
        CUSTOMER,
        ADMIN
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    public record Account(UUID id, Role role, String customerId) {}

    /** A new account and the (normalised) address it was registered with. */
    public record Registration(Account account, String email) {}

    /** What a login or a refresh hands out, to the account {@code accountId}. */
    public record Tokens(UUID accountId, String accessToken, long expiresIn, String refreshToken) {}

    private record Stored(Account account, String passwordHash) {}

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final LoginThrottle throttle;
    private final Sessions sessions;
    private final AccessTokens accessTokens;
    private final Clock clock;
    private final HashingLimiter hashing;
    private final BlindIndex emailIndex;
    private final CustomerDataKeys dataKeys;
    private final TransactionTemplate transactions;
    private final String unknownAccountHash;

    Accounts(
            JdbcClient jdbc,
            PasswordEncoder passwords,
            LoginThrottle throttle,
            Sessions sessions,
            AccessTokens accessTokens,
            Clock clock,
            HashingLimiter hashing,
            BlindIndex emailIndex,
            CustomerDataKeys dataKeys,
            TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.throttle = throttle;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.clock = clock;
        this.hashing = hashing;
        this.emailIndex = emailIndex;
        this.dataKeys = dataKeys;
        this.transactions = transactions;
        this.unknownAccountHash = passwords.encode(UUID.randomUUID().toString());
    }

    private static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** What an erased account's index holds: random, so that nothing of the address it had is left. */
    static byte[] erasedIndex() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return random;
    }

    public Registration register(String email, String password, Role role) {
        String address = normalise(email);
        String lowered = password.toLowerCase(Locale.ROOT);
        if (lowered.equals(address) || lowered.equals(address.split("@", 2)[0])) {
            throw AuthenticationProblem.weakPassword("The password must not be the e-mail address");
        }
        UUID id = UUID.randomUUID();
        Account account = new Account(id, role, role == Role.CUSTOMER ? id.toString() : null);
        String hash = hashing.run(() -> passwords.encode(password));
        try {
            // the address is sealed under the account's own data key (staff have one too), made with the account
            transactions.executeWithoutResult(status -> jdbc.sql("""
                            insert into account (id, email_index, email_sealed, password_hash, role, customer_id, created_at)
                            values (:id, :index, :sealed, :hash, :role, :customer, :now)""")
                    .param("id", id)
                    .param("index", emailIndex.of(address))
                    .param("sealed", dataKeys.seal(id.toString(), address))
                    .param("hash", hash)
                    .param("role", role.name())
                    .param("customer", account.customerId())
                    .param("now", Timestamp.from(clock.instant()))
                    .update());
        } catch (DuplicateKeyException taken) {
            throw AuthenticationProblem.emailTaken();
        }
        return new Registration(account, address);
    }

    /**
     * Erasure: the account keeps its id (orders refer to its customer id) but loses its address (sealed value,
     * blind index and the throttle's count under that index) and any way to log in, and every session of it ends.
     */
    public void anonymise(String customerId) {
        jdbc.sql("select id from account where customer_id = :customer")
                .param("customer", customerId)
                .query(UUID.class)
                .optional()
                .ifPresent(accountId -> {
                    throttle.forget(jdbc.sql("select email_index from account where id = :id")
                            .param("id", accountId)
                            .query(byte[].class)
                            .single());
                    jdbc.sql("""
                                    update account set email_index = :random, email_sealed = null, password_hash = :unusable
                                    where id = :id""")
                            .param("random", erasedIndex())
                            .param("unusable", "erased")
                            .param("id", accountId)
                            .update();
                    sessions.endAll(accountId, "erased");
                });
    }

    public boolean anyAdmin() {
        return jdbc.sql("select count(*) from account where role = 'ADMIN'")
                        .query(Long.class)
                        .single()
                > 0;
    }

    public Tokens login(String email, String password) {
        byte[] index = emailIndex.of(normalise(email));
        throttle.attempt(index).ifPresent(lockedFor -> {
            throw AuthenticationProblem.locked(lockedFor);
        });
        Optional<Stored> stored = find(index);
        String hash = stored.map(Stored::passwordHash).orElse(unknownAccountHash);
        boolean matches = hashing.run(() -> passwords.matches(password, hash));
        if (stored.isEmpty() || !matches) {
            throw AuthenticationProblem.invalidCredentials();
        }
        throttle.succeeded(index);
        Account account = stored.get().account();
        return tokens(account, sessions.start(account.id()));
    }

    public Tokens refresh(String refreshToken) {
        Sessions.Renewal renewal =
                sessions.refresh(refreshToken).orElseThrow(AuthenticationProblem::invalidRefreshToken);
        Account account = byId(renewal.accountId());
        return tokens(account, renewal);
    }

    private Tokens tokens(Account account, Sessions.Renewal session) {
        String accessToken = accessTokens.issue(new AccessTokens.Grant(
                account.id().toString(),
                account.customerId(),
                List.of(account.role().name()),
                session.sessionId().toString()));
        return new Tokens(account.id(), accessToken, accessTokens.ttlSeconds(), session.refreshToken());
    }

    private Optional<Stored> find(byte[] emailIndex) {
        return jdbc.sql("select id, role, customer_id, password_hash from account where email_index = :index")
                .param("index", emailIndex)
                .query((row, n) -> new Stored(account(row), row.getString("password_hash")))
                .optional();
    }

    private Account byId(UUID id) {
        return jdbc.sql("select id, role, customer_id from account where id = :id")
                .param("id", id)
                .query((row, n) -> account(row))
                .single();
    }

    private static Account account(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Account(
                row.getObject("id", UUID.class), Role.valueOf(row.getString("role")), row.getString("customer_id"));
    }
}
