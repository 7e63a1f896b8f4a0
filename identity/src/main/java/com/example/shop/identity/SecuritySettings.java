package com.example.shop.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code shop.security.*}: token lifetimes, session timeouts, login throttling, the first admin, CORS and
 * the master keys. Checked at start-up: an access token may not outlive the idle timeout, or a session
 * would stay usable after it died.
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

    /** Access tokens: who issues them, for which audience, how long they live, how much clock skew is forgiven. */
    public record Tokens(@DefaultValue("shop") String issuer, @DefaultValue("shop-api") String audience,
                         @DefaultValue("PT15M") Duration accessTokenTtl, @DefaultValue("PT30S") Duration clockSkew) {
    }

    /**
     * Sessions: a session not refreshed within {@code idleTimeout} dies, none lives beyond {@code absoluteLifetime};
     * a revocation reaches every node within {@code revocationCheckCache}.
     */
    public record Sessions(@DefaultValue("PT30M") Duration idleTimeout, @DefaultValue("PT12H") Duration absoluteLifetime,
                           @DefaultValue("PT5S") Duration revocationCheckCache) {
    }

    /**
     * After {@code maxFailures} failed logins within {@code failureWindow}, the address is locked for {@code lockout}.
     * At most {@code concurrentHashing} password hashes run at once; a login waits {@code hashingWait} for a turn.
     */
    public record Login(@DefaultValue("5") int maxFailures, @DefaultValue("PT15M") Duration failureWindow,
                        @DefaultValue("PT15M") Duration lockout, @DefaultValue("4") int concurrentHashing,
                        @DefaultValue("PT2S") Duration hashingWait) {
    }

    /** The first staff account, created at start-up when there is no ADMIN yet (a password is generated when blank). */
    public record Admin(@DefaultValue("admin@shop.local") String email, String password) {
        public Admin {
            if (!EmailAddresses.isValid(email)) {
                throw new IllegalArgumentException("shop.security.admin.email must be an e-mail address such as "
                        + "admin@example.com (at most " + EmailAddresses.MAX_LENGTH + " characters), not '" + email + "'");
            }
            email = EmailAddresses.normalise(email);
        }
    }

    /** Origins of browser front ends allowed to call the API; none by default. */
    public record Cors(@DefaultValue List<String> allowedOrigins) {
    }
}
