package com.example.shop.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts login attempts per e-mail address, whether an account has it or not, and locks the address for
 * {@code lockout} once more than {@code maxFailures} were made within {@code failureWindow}. An attempt is
 * counted before the password is checked, in one atomic statement, so concurrent guesses cannot slip past
 * the limit; a successful login clears the count. Rows are keyed by the address's blind index, never the address.
 */
class LoginThrottle {

    private final JdbcClient jdbc;
    private final SecuritySettings.Login settings;
    private final Clock clock;

    LoginThrottle(JdbcClient jdbc, SecuritySettings.Login settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** Counts an attempt; answers how long the address stays locked when it may not try now. */
    Optional<Duration> attempt(byte[] emailIndex) {
        Instant now = clock.instant();
        record Count(int attempts, Instant lockedUntil) {}
        Count count = jdbc.sql("""
                        insert into login_throttle (email_index, failures, window_start) values (:email, 1, :now)
                        on conflict (email_index) do update set
                            failures = case when login_throttle.locked_until > :now then login_throttle.failures
                                            when login_throttle.window_start < :windowStart then 1
                                            else login_throttle.failures + 1 end,
                            window_start = case when login_throttle.locked_until > :now then login_throttle.window_start
                                                when login_throttle.window_start < :windowStart then :now
                                                else login_throttle.window_start end
                        returning failures, locked_until""")
                .param("email", emailIndex)
                .param("now", Timestamp.from(now))
                .param("windowStart", Timestamp.from(now.minus(settings.failureWindow())))
                .query((row, n) -> new Count(
                        row.getInt(1),
                        row.getTimestamp(2) == null ? null : row.getTimestamp(2).toInstant()))
                .single();
        if (count.lockedUntil() != null && count.lockedUntil().isAfter(now)) {
            return Optional.of(Duration.between(now, count.lockedUntil()));
        }
        if (count.attempts() > settings.maxFailures()) {
            Instant until = now.plus(settings.lockout());
            jdbc.sql(
                            "update login_throttle set locked_until = :until, failures = 0, window_start = :until where email_index = :email")
                    .param("until", Timestamp.from(until))
                    .param("email", emailIndex)
                    .update();
            return Optional.of(settings.lockout());
        }
        return Optional.empty();
    }

    void succeeded(byte[] emailIndex) {
        forget(emailIndex);
    }

    /** Erasure: the count kept under an address's index goes with the address. */
    void forget(byte[] emailIndex) {
        jdbc.sql("delete from login_throttle where email_index = :email")
                .param("email", emailIndex)
                .update();
    }
}
