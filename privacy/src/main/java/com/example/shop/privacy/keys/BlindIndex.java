package com.example.shop.privacy.keys;

import com.example.shop.privacy.crypto.MasterKeyProvider;
import com.example.shop.privacy.crypto.WrappedUnderMasterKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A keyed blind index (ADR 0013): HMAC-SHA256 of a normalised value, so that a sealed value can still be
 * found by equality in one indexed query without being stored in the clear. The HMAC key is 32 random bytes
 * kept in {@code blind_index_key}, wrapped by the master key like the data keys; without the master key the
 * index is 32 opaque bytes that no dictionary of addresses can be checked against.
 */
public class BlindIndex implements WrappedUnderMasterKey {

    /** The index of e-mail addresses: {@code account.email_index}, {@code login_throttle.email_index}. */
    public static final String EMAIL = "email";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final MasterKeyProvider masterKeys;
    private final Clock clock;
    private final String name;
    private volatile SecretKeySpec key;

    public BlindIndex(JdbcClient jdbc, MasterKeyProvider masterKeys, Clock clock, String name) {
        this.jdbc = jdbc;
        this.masterKeys = masterKeys;
        this.clock = clock;
        this.name = name;
    }

    /** The index of {@code normalised}; equal values give equal indexes, and nothing else can be read from it. */
    public byte[] of(String normalised) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    @Override
    public String secrets() {
        return "blindIndexKeys";
    }

    /** Master-key rotation: re-wraps the index key if it is under an older master key; answers how many were. */
    @Override
    public int rewrapUnderActiveMasterKey() {
        List<byte[]> stored = jdbc.sql("select wrapped_key from blind_index_key where name = :name")
                .param("name", name)
                .query(byte[].class)
                .list();
        if (stored.isEmpty() || masterKeys.isWrappedWithActiveKey(stored.get(0))) {
            return 0;
        }
        byte[] old = stored.get(0);
        return jdbc.sql("update blind_index_key set wrapped_key = :rewrapped where name = :name and wrapped_key = :old")
                .param("rewrapped", masterKeys.wrap(masterKeys.unwrap(old, context()), context()))
                .param("name", name)
                .param("old", old)
                .update();
    }

    private SecretKeySpec key() {
        SecretKeySpec loaded = key;
        if (loaded == null) {
            synchronized (this) {
                if (key == null) {
                    key = load();
                }
                loaded = key;
            }
        }
        return loaded;
    }

    /** The key of this index, made on first use; two nodes making it at once agree on the first one stored. */
    private SecretKeySpec load() {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        jdbc.sql("""
                        insert into blind_index_key (name, wrapped_key, created_at) values (:name, :wrapped, :now)
                        on conflict (name) do nothing""")
                .param("name", name)
                .param("wrapped", masterKeys.wrap(fresh, context()))
                .param("now", Timestamp.from(clock.instant()))
                .update();
        byte[] wrapped = jdbc.sql("select wrapped_key from blind_index_key where name = :name")
                .param("name", name)
                .query(byte[].class)
                .single();
        return new SecretKeySpec(masterKeys.unwrap(wrapped, context()), "HmacSHA256");
    }

    private byte[] context() {
        return ("blind_index_key:" + name).getBytes(StandardCharsets.UTF_8);
    }
}
