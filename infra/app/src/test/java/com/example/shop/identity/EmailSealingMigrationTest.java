package com.example.shop.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.example.shop.privacy.crypto.ConfiguredMasterKeys;
import com.example.shop.privacy.crypto.MasterKeyProvider;
import com.example.shop.privacy.keys.BlindIndex;
import com.example.shop.privacy.keys.CustomerDataKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Schema version 7 on a database that holds accounts, throttle counts and stored answers from before it,
 * on the local PostgreSQL: afterwards no address is left in the clear, every account is found by its blind
 * index and opens its sealed address, erased accounts keep nothing of theirs, and the throttle counts go on.
 */
class EmailSealingMigrationTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final String database =
            "shop_v7_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final MasterKeyProvider masterKeys =
            new ConfiguredMasterKeys(Map.of("k1", Base64.getEncoder().encodeToString(new byte[32])), "k1");
    private final Clock clock = Clock.fixed(NOW, java.time.ZoneOffset.UTC);
    private final ObjectMapper json = new ObjectMapper();
    private DriverManagerDataSource dataSource;
    private JdbcClient jdbc;

    @BeforeEach
    void createDatabase() {
        JdbcClient server = JdbcClient.create(new DriverManagerDataSource(SERVER + "postgres", "postgres", ""));
        boolean reachable;
        try {
            server.sql("create database " + database).update(); // a generated name: no input reaches this statement
            reachable = true;
        } catch (RuntimeException noLocalServer) {
            reachable = false;
        }
        assumeThat(reachable).as("a PostgreSQL on 127.0.0.1:5432").isTrue();
        dataSource = new DriverManagerDataSource(SERVER + database, "postgres", "");
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterEach
    void dropDatabase() {
        if (jdbc != null) {
            JdbcClient.create(new DriverManagerDataSource(SERVER + "postgres", "postgres", ""))
                    .sql("drop database if exists " + database + " with (force)")
                    .update();
        }
    }

    private Flyway flyway(String target) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .target(target)
                .javaMigrations(new V7__seal_email_addresses(masterKeys, json, clock))
                .load();
    }

    private void account(UUID id, String email, String passwordHash, String customerId) {
        jdbc.sql("""
                        insert into account (id, email, password_hash, role, customer_id, created_at)
                        values (:id, :email, :hash, :role, :customer, :now)""")
                .param("id", id)
                .param("email", email)
                .param("hash", passwordHash)
                .param("role", customerId == null ? "ADMIN" : "CUSTOMER")
                .param("customer", customerId)
                .param("now", Timestamp.from(NOW))
                .update();
    }

    @Test
    void sealsAndIndexesTheAddressesThatWereStoredInTheClear() {
        flyway("6").migrate();
        UUID customer = UUID.randomUUID();
        UUID admin = UUID.randomUUID();
        UUID erased = UUID.randomUUID();
        account(customer, "ada@example.test", "$argon2id$customer", customer.toString());
        account(admin, "staff@example.test", "$argon2id$admin", null);
        account(erased, "erased+" + erased + "@erased.invalid", "erased", erased.toString());
        jdbc.sql(
                        "insert into customer_data_key (customer_id, wrapped_key, created_at, erased_at) values (:c, null, :now, :now)")
                .param("c", erased.toString())
                .param("now", Timestamp.from(NOW))
                .update();
        jdbc.sql("insert into login_throttle (email, failures, window_start) values ('ada@example.test', 3, :now)")
                .param("now", Timestamp.from(NOW))
                .update();
        jdbc.sql("""
                        insert into idempotency_key (idempotency_key, request_hash, status, response_body)
                        values ('- register-1', '\\x00', 201, convert_to('{"email":"ada@example.test"}', 'UTF8')),
                               (:ordered, '\\x00', 202, convert_to('{"orderId":"o-1"}', 'UTF8'))""").param("ordered", customer + " order-1").update();

        flyway("7").migrate();

        String dump = jdbc.sql("""
                        select string_agg(t::text, ' ') from (
                            select a::text as t from account a
                            union all select l::text from login_throttle l
                            union all select i::text || convert_from(coalesce(i.response_body, ''), 'UTF8') from idempotency_key i) rows""").query(String.class).single();
        assertThat(dump).doesNotContain("ada@").doesNotContain("staff@").doesNotContain("erased.invalid");

        BlindIndex index = new BlindIndex(jdbc, masterKeys, clock, BlindIndex.EMAIL);
        CustomerDataKeys dataKeys = new CustomerDataKeys(jdbc, masterKeys, json, clock);
        for (Map.Entry<UUID, String> account : Map.of(customer, "ada@example.test", admin, "staff@example.test")
                .entrySet()) {
            String sealed = jdbc.sql("select email_sealed from account where email_index = :index")
                    .param("index", index.of(account.getValue()))
                    .query(String.class)
                    .single();
            assertThat(dataKeys.open(sealed, String.class)).hasValue(account.getValue());
        }
        assertThat(jdbc.sql("select count(*) from account where id = :id and email_sealed is null")
                        .param("id", erased)
                        .query(Long.class)
                        .single())
                .as("an erased account keeps no address")
                .isEqualTo(1);
        assertThat(jdbc.sql("select failures from login_throttle where email_index = :index")
                        .param("index", index.of("ada@example.test"))
                        .query(Integer.class)
                        .single())
                .isEqualTo(3);
        assertThat(jdbc.sql("select idempotency_key from idempotency_key")
                        .query(String.class)
                        .list())
                .as("anonymous answers (registrations, logins) are forgotten, the others kept")
                .isEqualTo(List.of(customer + " order-1"));
    }
}
