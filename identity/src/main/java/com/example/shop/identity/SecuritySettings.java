package com.example.shop.identity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code shop.security.*}: token lifetimes, session timeouts, login throttling, the first admin, CORS and
 * the master keys. Checked at start-up: an access token may not outlive the idle timeout, or a session
 * would stay usable after it died.
 *
 * @param tokens      access tokens
 * @param sessions    sessions and their refresh tokens
 * @param login       login throttling and password hashing
 * @param admin       the first staff account
 * @param cors        browser front ends
 * @param masterKeys  master keys by id (32 random bytes, base64: {@code openssl rand -base64 32}) that wrap the
 *                    signing keys; ids in lower case, as Spring reads map keys from
 *                    the environment in lower case. Unset: a development key in the data directory; required when
 *                    {@code shop.embedded.enabled=false}
 * @param masterKeyId the master key that wraps new secrets
 */
@ConfigurationProperties("shop.security")
public record SecuritySettings(
        @DefaultValue Tokens tokens,
        @DefaultValue Sessions sessions,
        @DefaultValue Login login,
        @DefaultValue Admin admin,
        @DefaultValue Cors cors,
        Map<String, String> masterKeys,
        String masterKeyId) {

    public SecuritySettings {
        if (tokens.accessTokenTtl().compareTo(sessions.idleTimeout()) > 0) {
            throw new IllegalArgumentException("shop.security.tokens.access-token-ttl (" + tokens.accessTokenTtl()
                    + ") must not exceed shop.security.sessions.idle-timeout (" + sessions.idleTimeout() + ")");
        }
        if (sessions.idleTimeout().compareTo(sessions.absoluteLifetime()) > 0) {
            throw new IllegalArgumentException("shop.security.sessions.idle-timeout must not exceed absolute-lifetime");
        }
    }

    /**
     * Access tokens.
     *
     * @param issuer         the issuer access tokens name and require
     * @param audience       the audience access tokens name and require
     * @param accessTokenTtl how long an access token lives; at most the session idle timeout
     * @param clockSkew      how much clock difference is forgiven when a token's times are checked
     */
    public record Tokens(
            @DefaultValue("shop") String issuer,
            @DefaultValue("shop-api") String audience,
            @DefaultValue("PT15M") Duration accessTokenTtl,
            @DefaultValue("PT30S") Duration clockSkew) {}

    /**
     * Sessions.
     *
     * @param idleTimeout          a session not refreshed within this dies
     * @param absoluteLifetime     no session lives longer
     * @param revocationCheckCache how long a node trusts that a session is not revoked: a revocation reaches every
     *                             node within this
     */
    public record Sessions(
            @DefaultValue("PT30M") Duration idleTimeout,
            @DefaultValue("PT12H") Duration absoluteLifetime,
            @DefaultValue("PT5S") Duration revocationCheckCache) {}

    /**
     * Login throttling and password hashing.
     *
     * @param maxFailures       failed logins of an address within the failure window before it is locked
     * @param failureWindow     the window in which failed logins are counted
     * @param lockout           how long a locked address stays locked
     * @param concurrentHashing password hashes (Argon2id) running at once
     * @param hashingWait       how long a login or registration waits for a turn to hash before 503
     */
    public record Login(
            @DefaultValue("5") int maxFailures,
            @DefaultValue("PT15M") Duration failureWindow,
            @DefaultValue("PT15M") Duration lockout,
            @DefaultValue("4") int concurrentHashing,
            @DefaultValue("PT2S") Duration hashingWait) {}

    /**
     * The first staff account, created at start-up when there is no ADMIN yet.
     *
     * @param email    the e-mail address of the first staff account, created when there is no ADMIN yet
     * @param password the password of the first staff account; generated and logged when blank
     */
    public record Admin(@DefaultValue("admin@shop.local") String email, String password) {
        public Admin {
            if (!EmailAddresses.isValid(email)) {
                throw new IllegalArgumentException(
                        "shop.security.admin.email must be an e-mail address such as " + "admin@example.com (at most "
                                + EmailAddresses.MAX_LENGTH + " characters), not '" + email + "'");
            }
            email = EmailAddresses.normalise(email);
        }
    }

    /**
     * Browser front ends.
     *
     * @param allowedOrigins origins of browser front ends allowed to call the API, comma-separated; none by default
     */
    public record Cors(@DefaultValue List<String> allowedOrigins) {}
}
