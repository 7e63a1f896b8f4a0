package com.example.shop.privacy.keys;

import com.example.shop.privacy.CustomerErasedException;
import com.example.shop.privacy.PersonalDataCipher;
import com.example.shop.privacy.UnreadablePersonalDataException;
import com.example.shop.privacy.crypto.AesGcm;
import com.example.shop.privacy.crypto.MasterKeyProvider;
import com.example.shop.privacy.crypto.WrappedUnderMasterKey;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Per-customer data keys in PostgreSQL ({@code customer_data_key}), each wrapped by the master key, and
 * the {@link PersonalDataCipher} on top of them. A customer's key is made the first time something of
 * theirs is sealed. Erasing a customer deletes the key: their sealed values stay where they are (the
 * event store is immutable) but can never be opened again. Unwrapped keys are cached per node for
 * {@code CACHE_FOR}; an erasure is told to the other nodes ({@link DataKeyErasures}), which forget the key at once,
 * and should a node miss the message it takes effect there within that time.
 */
public class CustomerDataKeys implements PersonalDataCipher, WrappedUnderMasterKey {

    static final Duration CACHE_FOR = Duration.ofMinutes(1);
    public static final String ERASED = "[erased]";
    private static final byte[] VALUE_CONTEXT = "personal-data".getBytes(StandardCharsets.UTF_8);
    private static final String KEY_ID_PREFIX = "c:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final MasterKeyProvider masterKeys;
    private final ObjectMapper json;
    private final Clock clock;
    private final DataKeyErasures erasures;
    /** customer id → key; empty: erased */
    private final Cache<String, Optional<SecretKey>> keys = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_FOR)
            .maximumSize(100_000)
            .build();

    public CustomerDataKeys(JdbcClient jdbc, MasterKeyProvider masterKeys, ObjectMapper json, Clock clock) {
        this(jdbc, masterKeys, json, clock, DataKeyErasures.NONE);
    }

    public CustomerDataKeys(
            JdbcClient jdbc, MasterKeyProvider masterKeys, ObjectMapper json, Clock clock, DataKeyErasures erasures) {
        this.jdbc = jdbc;
        this.masterKeys = masterKeys;
        this.json = json;
        this.clock = clock;
        this.erasures = erasures;
    }

    /** Another node erased the customer: the next use reads the key's state from the database. */
    public void forget(String customerId) {
        keys.invalidate(customerId);
    }

    @Override
    public String seal(String customerId, Object value) {
        SecretKey key = keyOf(customerId, true).orElseThrow(() -> new CustomerErasedException(customerId));
        try {
            byte[] sealed = AesGcm.seal(key, KEY_ID_PREFIX + customerId, json.writeValueAsBytes(value), VALUE_CONTEXT);
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("personal data must be JSON-serialisable", e);
        }
    }

    @Override
    public <T> Optional<T> open(String sealed, Class<T> type) {
        byte[] envelope = envelope(sealed);
        String customerId = customerOf(envelope);
        Optional<SecretKey> key = keyOf(customerId, false);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(AesGcm.open(id -> key.get(), envelope, VALUE_CONTEXT), type));
        } catch (AesGcm.TamperedDataException e) {
            throw new UnreadablePersonalDataException(
                    "personal data of customer " + customerId + " failed authentication");
        } catch (IOException e) {
            throw new UnreadablePersonalDataException(
                    "personal data of customer " + customerId + " is not a " + type.getSimpleName());
        }
    }

    /** Whether a sealed value belongs to an erased customer and so can never be opened again. */
    public boolean isErased(String sealed) {
        return keyOf(customerOf(envelope(sealed)), false).isEmpty();
    }

    /**
     * A copy of {@code value} as JSON in which every sealed value of an erased customer reads {@value #ERASED};
     * the others stay sealed. For views that show stored data as it is, such as the audit.
     */
    public JsonNode withErasuresMarked(Object value) {
        return mark(json.valueToTree(value));
    }

    private JsonNode mark(JsonNode node) {
        if (node.isTextual() && PersonalDataCipher.isSealed(node.asText())) {
            try {
                return isErased(node.asText()) ? TextNode.valueOf(ERASED) : node;
            } catch (UnreadablePersonalDataException broken) {
                return node; // shown as stored: the audit is where a broken value should be seen
            }
        }
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> field.setValue(mark(field.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, mark(array.get(i)));
            }
        }
        return node;
    }

    /** Crypto-shredding: the customer's key is deleted for good; answers whether there was one. */
    public boolean erase(String customerId) {
        Timestamp now = Timestamp.from(clock.instant());
        int erased =
                jdbc.sql("""
                        insert into customer_data_key (customer_id, wrapped_key, created_at, erased_at)
                        values (:customer, null, :now, :now)
                        on conflict (customer_id) do update set wrapped_key = null, erased_at = :now
                        where customer_data_key.erased_at is null""").param("customer", customerId).param("now", now).update();
        keys.put(customerId, Optional.empty());
        erasures.erased(customerId);
        return erased == 1;
    }

    @Override
    public String secrets() {
        return "dataKeys";
    }

    /** Re-wraps every data key still under an older master key; the sealed values themselves are untouched. */
    @Override
    public int rewrapUnderActiveMasterKey() {
        record Wrapped(String customerId, byte[] key) {}
        List<Wrapped> stale = jdbc
                .sql("select customer_id, wrapped_key from customer_data_key where wrapped_key is not null")
                .query((row, n) -> new Wrapped(row.getString(1), row.getBytes(2)))
                .list()
                .stream()
                .filter(wrapped -> !masterKeys.isWrappedWithActiveKey(wrapped.key()))
                .toList();
        for (Wrapped wrapped : stale) {
            byte[] context = wrapContext(wrapped.customerId());
            // only where the key is still there: an erasure in between must win
            jdbc.sql(
                            "update customer_data_key set wrapped_key = :rewrapped where customer_id = :customer and wrapped_key = :old")
                    .param("rewrapped", masterKeys.wrap(masterKeys.unwrap(wrapped.key(), context), context))
                    .param("customer", wrapped.customerId())
                    .param("old", wrapped.key())
                    .update();
        }
        return stale.size();
    }

    /** The customer's key; empty when erased (or, without {@code create}, never made). */
    private Optional<SecretKey> keyOf(String customerId, boolean create) {
        Optional<SecretKey> cached = keys.getIfPresent(customerId);
        if (cached != null) {
            return cached;
        }
        Optional<Stored> stored = load(customerId);
        if (stored.isEmpty() && create) {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            jdbc.sql("""
                            insert into customer_data_key (customer_id, wrapped_key, created_at)
                            values (:customer, :wrapped, :now) on conflict (customer_id) do nothing""")
                    .param("customer", customerId)
                    .param("wrapped", masterKeys.wrap(key, wrapContext(customerId)))
                    .param("now", Timestamp.from(clock.instant()))
                    .update();
            stored = load(customerId);
        }
        // only what is stored is remembered: a key that does not exist yet may be made by the next seal
        stored.ifPresent(row -> keys.put(customerId, Optional.ofNullable(row.key())));
        return stored.map(Stored::key);
    }

    /** A row of customer_data_key: {@code key} null once erased. */
    private record Stored(SecretKey key) {}

    private Optional<Stored> load(String customerId) {
        return jdbc.sql("select wrapped_key from customer_data_key where customer_id = :customer")
                .param("customer", customerId)
                .query((row, n) -> {
                    byte[] wrapped = row.getBytes(1);
                    return new Stored(
                            wrapped == null
                                    ? null
                                    : new SecretKeySpec(masterKeys.unwrap(wrapped, wrapContext(customerId)), "AES"));
                })
                .optional();
    }

    private static byte[] envelope(String sealed) {
        if (!PersonalDataCipher.isSealed(sealed)) {
            throw new UnreadablePersonalDataException("not a sealed value");
        }
        try {
            return Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new UnreadablePersonalDataException("a sealed value that is not base64");
        }
    }

    private static String customerOf(byte[] envelope) {
        try {
            String keyId = AesGcm.keyIdOf(envelope);
            if (!keyId.startsWith(KEY_ID_PREFIX)) {
                throw new UnreadablePersonalDataException("a sealed value under a key that is not a customer's");
            }
            return keyId.substring(KEY_ID_PREFIX.length());
        } catch (AesGcm.TamperedDataException e) {
            throw new UnreadablePersonalDataException("a sealed value with a broken envelope");
        }
    }

    private static byte[] wrapContext(String customerId) {
        return ("customer_data_key:" + customerId).getBytes(StandardCharsets.UTF_8);
    }
}
