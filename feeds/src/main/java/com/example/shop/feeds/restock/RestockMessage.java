package com.example.shop.feeds.restock;

import com.example.shop.catalog.Skus;
import com.example.shop.feeds.broker.RejectedMessage;
import com.example.shop.inventory.RestockCommand;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A supplier's restock message: {@code {"sku": "...", "quantity": 12, "deliveryId": "...", "supplier": "..."}},
 * UTF-8 JSON. {@code supplier} is optional; fields this version does not know are ignored, so a supplier may add
 * some. The delivery key that makes the restock idempotent is {@code supplier/deliveryId}, or {@code deliveryId}
 * alone without a supplier; neither may contain a slash, so two keys never collide.
 *
 * @param sku        the stock keeping unit, as the catalog spells it
 * @param quantity   units received, at least 1
 * @param deliveryId the supplier's id of the delivery
 * @param supplier   who sent it, when the supplier says
 */
public record RestockMessage(String sku, long quantity, String deliveryId, String supplier) {

    static final String ID = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}";
    private static final Pattern ID_PATTERN = Pattern.compile(ID);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    /** The delivery's key, unique across suppliers. */
    public String deliveryKey() {
        return supplier == null ? deliveryId : supplier + "/" + deliveryId;
    }

    public RestockCommand command() {
        return new RestockCommand(sku, quantity, deliveryKey());
    }

    /** Reads and checks a message body; refuses it with a reason that says what is wrong. */
    public static RestockMessage read(byte[] body, int maxBytes) {
        if (body.length > maxBytes) {
            throw new RejectedMessage("too-large", "the message has " + body.length + " bytes, at most " + maxBytes);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException malformed) {
            throw new RejectedMessage("malformed-json", "not JSON: " + malformed.getOriginalMessage());
        } catch (IOException unreadable) {
            throw new RejectedMessage("malformed-json", "not JSON: " + unreadable.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RejectedMessage("malformed-json", "the message is not a JSON object");
        }
        String sku = text(root, "sku", true);
        if (!Skus.isValid(sku)) {
            throw invalid("sku", "must match " + Skus.PATTERN);
        }
        long quantity = quantity(root);
        String deliveryId = text(root, "deliveryId", true);
        if (!ID_PATTERN.matcher(deliveryId).matches()) {
            throw invalid("deliveryId", "must match " + ID);
        }
        String supplier = text(root, "supplier", false);
        if (supplier != null && !ID_PATTERN.matcher(supplier).matches()) {
            throw invalid("supplier", "must match " + ID);
        }
        return new RestockMessage(sku, quantity, deliveryId, supplier);
    }

    private static long quantity(JsonNode root) {
        JsonNode quantity = root.get("quantity");
        if (quantity == null || quantity.isNull()) {
            throw missing("quantity");
        }
        if (!quantity.isIntegralNumber() || !quantity.canConvertToLong()) {
            throw invalid("quantity", "must be a whole number, was " + abbreviated(quantity));
        }
        if (quantity.longValue() < 1) {
            throw new RejectedMessage("invalid-quantity", "quantity must be at least 1, was " + quantity.longValue());
        }
        return quantity.longValue();
    }

    private static String text(JsonNode root, String field, boolean required) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw missing(field);
            }
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(field, "must be a string, was " + abbreviated(value));
        }
        return value.textValue();
    }

    private static RejectedMessage missing(String field) {
        return new RejectedMessage("missing-field", field + " is missing");
    }

    private static RejectedMessage invalid(String field, String why) {
        return new RejectedMessage("invalid-field", field + " " + why);
    }

    private static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
