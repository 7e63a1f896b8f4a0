package com.example.shop.identity;

import com.example.shop.privacy.crypto.MasterKeyProvider;
import com.example.shop.privacy.keys.BlindIndex;
import com.example.shop.privacy.keys.CustomerDataKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AccountConfiguration.class);

    /** Argon2id with OWASP's minimum: 19 MiB of memory, 2 iterations, 1 lane, 16-byte salt, 32-byte hash. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    }

    @Bean
    Sessions sessions(JdbcClient jdbc, TransactionTemplate transactions, SecuritySettings settings, Clock clock) {
        return new Sessions(jdbc, transactions, settings.sessions(), clock);
    }

    @Bean
    Accounts accounts(
            JdbcClient jdbc,
            PasswordEncoder passwords,
            Sessions sessions,
            AccessTokens accessTokens,
            SecuritySettings settings,
            Clock clock,
            BlindIndex emailBlindIndex,
            CustomerDataKeys dataKeys,
            TransactionTemplate transactions) {
        return new Accounts(
                jdbc,
                passwords,
                new LoginThrottle(jdbc, settings.login(), clock),
                sessions,
                accessTokens,
                clock,
                new HashingLimiter(
                        settings.login().concurrentHashing(), settings.login().hashingWait()),
                emailBlindIndex,
                dataKeys,
                transactions);
    }

    /** Flyway runs this with the SQL migrations (Spring Boot hands it every JavaMigration bean). */
    @Bean
    JavaMigration sealEmailAddresses(MasterKeyProvider masterKeys, ObjectMapper json, Clock clock) {
        return new V7__seal_email_addresses(masterKeys, json, clock);
    }

    /** The first staff account, so that a fresh installation can be administered. */
    @Bean
    ApplicationRunner firstAdmin(Accounts accounts, SecuritySettings settings) {
        return arguments -> {
            if (accounts.anyAdmin()) {
                return;
            }
            String password = settings.admin().password();
            if (password == null || password.isBlank()) {
                byte[] random = new byte[18];
                new SecureRandom().nextBytes(random);
                password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                log.warn(
                        "Created the admin account {} with the generated password {} (set shop.security.admin.password "
                                + "to choose it; it is only used while no admin exists)",
                        settings.admin().email(),
                        password);
            } else {
                log.info("Created the admin account {}", settings.admin().email());
            }
            try {
                accounts.register(settings.admin().email(), password, Accounts.Role.ADMIN);
            } catch (AuthenticationProblem taken) {
                log.warn(
                        "Did not create the admin account: {} is taken (by another node starting, or a customer)",
                        settings.admin().email());
            }
        };
    }
}
