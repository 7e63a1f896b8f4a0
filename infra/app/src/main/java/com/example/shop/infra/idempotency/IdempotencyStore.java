package com.example.shop.infra.idempotency;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.util.Optional;

/** Idempotency keys and the first answer given to each, in PostgreSQL so that every node sees them. */
@Repository
public class IdempotencyStore {

    private final JdbcClient jdbc;

    public IdempotencyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
                        on conflict (idempotency_key) do nothing""")
                .param("key", key).param("hash", requestHash)
                .update() == 1;
    }

    public Optional<StoredResponse> find(String key) {
        return jdbc.sql("""
                        select request_hash, status, response_body, response_content_type, response_location
                        from idempotency_key where idempotency_key = :key""")
                .param("key", key)
                .query((rs, row) -> new StoredResponse(rs.getBytes(1), (Integer) rs.getObject(2), rs.getBytes(3),
                        rs.getString(4), rs.getString(5)))
                .optional();
    }

    public void complete(String key, int status, byte[] body, String contentType, String location) {
        jdbc.sql("""
                        update idempotency_key set status = :status, response_body = :body,
                               response_content_type = :contentType, response_location = :location
                        where idempotency_key = :key""")
                .param("status", status).param("body", body).param("contentType", contentType)
                .param("location", location).param("key", key)
                .update();
    }

    /** Forgets a claim whose request failed on our side, so the client may retry with the same key. */
    public void release(String key) {
        jdbc.sql("delete from idempotency_key where idempotency_key = :key and status is null").param("key", key).update();
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
