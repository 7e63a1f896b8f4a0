package com.example.shop.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/** JSON reading, writing and field validation shared by both simulators. Validation failures become 400 problems. */
final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** Reads a request body that must be a single JSON object. */
    static ObjectNode readObject(InputStream body) throws IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest("body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Fields missing from {@code overrides} keep the value of {@link Faults#none()}. */
    static Faults faultsFrom(ObjectNode overrides) {
        ObjectNode merged = MAPPER.valueToTree(Faults.none());
        merged.setAll(overrides);
        try {
            return MAPPER.treeToValue(merged, Faults.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("invalid faults: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid faults: " + e.getMessage());
        }
    }

    static String nonBlankText(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw ProblemException.badRequest(field + " must be a non-blank string");
        }
        return node.asText();
    }

    static String textMatching(JsonNode parent, String field, Pattern pattern, String expectation) {
        String text = nonBlankText(parent, field);
        if (!pattern.matcher(text).matches()) {
            throw ProblemException.badRequest(field + " must be " + expectation + " but was '" + text + "'");
        }
        return text;
    }

    static long positiveLong(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() <= 0) {
            throw ProblemException.badRequest(field + " must be a positive integer");
        }
        return node.asLong();
    }

    static int positiveInt(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() <= 0) {
            throw ProblemException.badRequest(field + " must be a positive integer");
        }
        return node.asInt();
    }

    static JsonNode nonEmptyArray(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ProblemException.badRequest(field + " must be a non-empty array");
        }
        return node;
    }
}
