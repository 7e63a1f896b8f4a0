package com.example.shop.operations.projections;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A processor's tokens as the shared token store holds them, whichever node claims each segment: a node reads
 * the cluster's progress here, not its own processor's, which knows only the segments this node claims (and
 * nothing at all on a node that claims none). Read without claiming, unlike {@link TokenStore#fetchToken}.
 */
@Component
public class StoredTokens {

    private final JdbcClient jdbc;
    private final Serializer serializer;

    public StoredTokens(JdbcClient jdbc, TokenStore tokenStore) {
        this.jdbc = jdbc;
        if (!(tokenStore instanceof JdbcTokenStore jdbcTokens)) {
            throw new IllegalStateException("the token store is expected in PostgreSQL (JdbcTokenStore), found "
                    + tokenStore.getClass().getName());
        }
        this.serializer = jdbcTokens.serializer();
    }

    /**
     * @return each segment's token, null for a segment that has handled nothing yet; empty when none is stored
     */
    public Map<Integer, TrackingToken> of(String processorName) {
        Map<Integer, TrackingToken> tokens = new HashMap<>();
        jdbc.sql("select segment, token, token_type from token_entry where processor_name = :name")
                .param("name", processorName)
                .query(row -> {
                    tokens.put(row.getInt(1), token(row.getBytes(2), row.getString(3)));
                });
        return tokens;
    }

    /** @return how many of the processor's segments some node claims now */
    public long claimedSegments(String processorName) {
        return jdbc.sql("select count(*) from token_entry where processor_name = :name and owner is not null")
                .param("name", processorName)
                .query(Long.class)
                .single();
    }

    private TrackingToken token(byte[] bytes, String type) {
        if (bytes == null || type == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
    }
}
