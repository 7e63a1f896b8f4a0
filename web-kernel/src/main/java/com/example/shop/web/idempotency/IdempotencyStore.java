package com.example.shop.web.idempotency;

import com.example.shop.privacy.PersonalDataCipher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Idempotency keys and the first answer given to each, in PostgreSQL so that every node sees them. An answer
 * that holds a customer's personal data is stored sealed under their data key ({@code customer_id} says
 * whose); once they are erased it cannot be opened, and {@link #forgetAnswersOf} deletes it.
 */
@Repository
public class IdempotencyStore {

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;

    public IdempotencyStore(JdbcClient jdbc, PersonalDataCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    public record StoredResponse(byte[] requestHash, Integer status, byte[] body, String contentType, String location) {
        boolean completed() {
            return status != null;
        }
    }

    /** Claims the key for a request being processed now; false if someone holds it already. */
    public boolean claim(String key, byte[] requestHash) {
        return jdbc.sql("""
                        insert into idempotency_key (idempotency_key, request_hash) values (:key, :hash)
                        on conflict (idempotency_key) do nothing""").param("key", key).param("hash", requestHash).update() == 1;
    }

    /** The stored answer; empty also when it was sealed for a customer who has since been erased. */
    public Optional<StoredResponse> find(String key) {
        record Row(
                byte[] requestHash, Integer status, byte[] body, String contentType, String location, String owner) {}
        return jdbc.sql("""
                        select request_hash, status, response_body, response_content_type, response_location, customer_id
                        from idempotency_key where idempotency_key = :key""")
                .param("key", key)
                .query((rs, n) -> new Row(
                        rs.getBytes(1),
                        (Integer) rs.getObject(2),
                        rs.getBytes(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)))
                .optional()
                .flatMap(row -> {
                    if (row.owner() == null || row.body() == null) {
                        return Optional.of(new StoredResponse(
                                row.requestHash(), row.status(), row.body(), row.contentType(), row.location()));
                    }
                    return cipher.open(new String(row.body(), StandardCharsets.US_ASCII), byte[].class)
                            .map(body -> new StoredResponse(
                                    row.requestHash(), row.status(), body, row.contentType(), row.location()));
                });
    }

    /** {@code owner}: the customer whose personal data the body holds, or null when it holds none. */
    public void complete(String key, int status, byte[] body, String contentType, String location, String owner) {
        byte[] stored =
                owner == null || body == null ? body : cipher.seal(owner, body).getBytes(StandardCharsets.US_ASCII);
        jdbc.sql("""
                        update idempotency_key set status = :status, response_body = :body,
                               response_content_type = :contentType, response_location = :location, customer_id = :owner
                        where idempotency_key = :key""")
                .param("status", status)
                .param("body", stored)
                .param("contentType", contentType)
                .param("location", location)
                .param("owner", owner)
                .param("key", key)
                .update();
    }

    /** Erasure: the answers kept for a customer go with them. */
    public int forgetAnswersOf(String customerId) {
        return jdbc.sql("delete from idempotency_key where customer_id = :customer")
                .param("customer", customerId)
                .update();
    }

    /** Forgets a claim whose request failed on our side, so the client may retry with the same key. */
    public void release(String key) {
        jdbc.sql("delete from idempotency_key where idempotency_key = :key and status is null")
                .param("key", key)
                .update();
    }

    public int purgeOlderThan(Duration retention, Duration abandonedAfter) {
        return jdbc.sql("""
                        delete from idempotency_key
                        where created_at < now() - make_interval(secs => :retention)
                           or (status is null and created_at < now() - make_interval(secs => :abandoned))""")
                .param("retention", (double) retention.toSeconds())
                .param("abandoned", (double) abandonedAfter.toSeconds())
                .update();
    }
}
