package com.example.shop.identity;

import com.example.shop.privacy.CustomerErasedException;
import com.example.shop.privacy.crypto.MasterKeyProvider;
import com.example.shop.privacy.keys.BlindIndex;
import com.example.shop.privacy.keys.CustomerDataKeys;
import com.example.shop.web.idempotency.IdempotencyFilter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Schema version 7: e-mail addresses leave the database's plain text (ADR 0013). {@code account.email}
 * becomes {@code email_sealed} (AES-256-GCM under the account's data key) and {@code email_index}
 * (HMAC-SHA256 under the blind-index key); {@code login_throttle} is keyed by the index; answers kept for
 * idempotency may be sealed for their owner ({@code customer_id}), and the anonymous ones kept so far
 * (registrations with their address, logins with their tokens) are forgotten.
 * <p>A Java migration because the keys live in the application: the master key is configuration, never in
 * the database, so SQL alone cannot seal or index. It runs in Flyway's transaction on Flyway's connection,
 * with the same {@link CustomerDataKeys} and {@link BlindIndex} the service uses; a failure rolls it all back.
 */
public class V7__seal_email_addresses extends BaseJavaMigration {

    private final MasterKeyProvider masterKeys;
    private final ObjectMapper json;
    private final Clock clock;

    public V7__seal_email_addresses(MasterKeyProvider masterKeys, ObjectMapper json, Clock clock) {
        this.masterKeys = masterKeys;
        this.json = json;
        this.clock = clock;
    }

    private record StoredAccount(UUID id, String email, boolean erased) {}

    @Override
    public void migrate(Context context) {
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
        jdbc.sql("""
                create table blind_index_key (
                    name        varchar(32) primary key,
                    wrapped_key bytea       not null,   -- 32 random bytes, AES-256-GCM envelope under the master key
                    created_at  timestamptz not null
                )""").update();
        BlindIndex emails = new BlindIndex(jdbc, masterKeys, clock, BlindIndex.EMAIL);
        CustomerDataKeys dataKeys = new CustomerDataKeys(jdbc, masterKeys, json, clock);

        jdbc.sql("alter table account add column email_index bytea, add column email_sealed text")
                .update();
        List<StoredAccount> accounts = jdbc.sql("select id, email, password_hash = 'erased' from account")
                .query((row, n) -> new StoredAccount(row.getObject(1, UUID.class), row.getString(2), row.getBoolean(3)))
                .list();
        for (StoredAccount account : accounts) {
            byte[] index = Accounts.erasedIndex();
            String sealed = null;
            if (!account.erased()) {
                try {
                    sealed = dataKeys.seal(account.id().toString(), account.email());
                    index = emails.of(account.email());
                } catch (CustomerErasedException erased) {
                    // the key is gone already: nothing of the address may be kept
                }
            }
            jdbc.sql("update account set email_index = :index, email_sealed = :sealed where id = :id")
                    .param("index", index)
                    .param("sealed", sealed)
                    .param("id", account.id())
                    .update();
        }
        jdbc.sql("""
                alter table account drop column email,
                    alter column email_index set not null,
                    add constraint account_email_index unique (email_index)""").update();
        jdbc.sql("comment on column account.email_index is 'HMAC-SHA256 of the normalised address (blind index)'")
                .update();
        jdbc.sql("comment on column account.email_sealed is 'sealed under the account''s data key; null once erased'")
                .update();

        jdbc.sql("alter table login_throttle add column email_index bytea").update();
        for (String address :
                jdbc.sql("select email from login_throttle").query(String.class).list()) {
            jdbc.sql("update login_throttle set email_index = :index where email = :email")
                    .param("index", emails.of(address))
                    .param("email", address)
                    .update();
        }
        jdbc.sql("alter table login_throttle drop column email, add primary key (email_index)")
                .update();

        jdbc.sql("alter table idempotency_key add column customer_id varchar(64)")
                .update();
        jdbc.sql("comment on column idempotency_key.customer_id is "
                        + "'whose personal data the answer holds: response_body is then sealed under their data key'")
                .update();
        jdbc.sql("delete from idempotency_key where idempotency_key like :anonymous")
                .param("anonymous", IdempotencyFilter.ANONYMOUS_CALLER + " %")
                .update();
        jdbc.sql("create index idempotency_key_customer on idempotency_key (customer_id) where customer_id is not null")
                .update();
    }
}
