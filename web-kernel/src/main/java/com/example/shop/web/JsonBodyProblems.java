package com.example.shop.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Says precisely what is wrong with a JSON request body that Jackson refused: which field (as a path such as
 * {@code lines[0].quantity}, in the problem's {@code field} property) and why, each reason with a type of its own:
 * {@code duplicate-field}, {@code trailing-data}, {@code unknown-field}, {@code not-an-integer},
 * {@code out-of-range}, {@code wrong-type}, {@code invalid-value}, and {@code malformed-request} for a body
 * that is missing or not well-formed JSON at all.
 */
public final class JsonBodyProblems {

    private static final String DUPLICATE_FIELD = "Duplicate field '";

    private JsonBodyProblems() {}

    /** The problem for a body Jackson could not read; {@code cause} is null when there was no body at all. */
    public static ProblemDetail explain(Throwable cause) {
        if (!(cause instanceof JsonProcessingException outer)) {
            return problem("malformed-request", "Malformed request", "The request body is missing or unreadable", null);
        }
        // a failure of the parser inside a nested value comes wrapped in a mapping exception that adds the path
        JsonProcessingException failure = outer;
        while (failure instanceof JsonMappingException && failure.getCause() instanceof StreamReadException read) {
            failure = read;
        }
        JsonParser parser = failure.getProcessor() instanceof JsonParser p
                ? p
                : outer.getProcessor() instanceof JsonParser p ? p : null;
        if (parser != null && afterTheValue(parser, failure instanceof StreamReadException)) {
            return problem(
                    "trailing-data",
                    "Trailing data",
                    "The body has more after its JSON value; send exactly one JSON value",
                    null);
        }
        if (failure instanceof StreamConstraintsException) {
            return problem(
                    "malformed-request",
                    "Malformed request",
                    "The body exceeds the JSON parser's limits (length of a number or a string, or nesting depth)",
                    null);
        }
        if (failure instanceof InputCoercionException outOfRange) {
            String field = parser == null ? null : path(parser.getParsingContext());
            return problem(
                    "out-of-range",
                    "Number out of range",
                    fieldOrBody(field) + " is out of range for " + describe(outOfRange.getTargetType()),
                    field);
        }
        if (failure instanceof StreamReadException
                && failure.getOriginalMessage() != null
                && failure.getOriginalMessage().startsWith(DUPLICATE_FIELD)) {
            String field =
                    parser == null ? duplicateName(failure.getOriginalMessage()) : path(parser.getParsingContext());
            return problem(
                    "duplicate-field",
                    "Duplicate field",
                    fieldOrBody(field) + " appears more than once; each field may be given once",
                    field);
        }
        if (failure instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return problem("unknown-field", "Unknown field", "Unknown field '" + field + "'", field);
        }
        if (failure instanceof InvalidFormatException invalid) {
            return invalidValue(invalid);
        }
        if (failure instanceof MismatchedInputException mismatched) {
            String field = path(mismatched);
            return problem(
                    "wrong-type",
                    "Wrong JSON type",
                    fieldOrBody(field) + " must be " + shapeOf(mismatched.getTargetType()),
                    field);
        }
        if (failure instanceof JsonMappingException mapping) {
            String field = path(mapping);
            return problem("invalid-value", "Invalid value", fieldOrBody(field) + " has an invalid value", field);
        }
        String where = failure.getLocation() == null
                ? ""
                : " (line " + failure.getLocation().getLineNr() + ", column "
                        + failure.getLocation().getColumnNr() + ")";
        return problem("malformed-request", "Malformed request", "The body is not well-formed JSON" + where, null);
    }

    private static ProblemDetail invalidValue(InvalidFormatException invalid) {
        String field = path(invalid);
        Class<?> target = invalid.getTargetType();
        Object value = invalid.getValue();
        if (isIntegral(target) && value instanceof Number) {
            return problem(
                    "not-an-integer",
                    "Not an integer",
                    fieldOrBody(field) + " must be an integer, without a fraction " + "or an exponent",
                    field);
        }
        if (target != null && target.isEnum()) {
            return problem(
                    value instanceof String ? "invalid-value" : "wrong-type",
                    value instanceof String ? "Invalid value" : "Wrong JSON type",
                    fieldOrBody(field) + " must be a JSON string, one of " + Arrays.toString(target.getEnumConstants()),
                    field);
        }
        if (isTextual(target) || isIntegral(target) || isNumber(target) || isBoolean(target)) {
            return problem("wrong-type", "Wrong JSON type", fieldOrBody(field) + " must be " + shapeOf(target), field);
        }
        return problem("invalid-value", "Invalid value", fieldOrBody(field) + " has an invalid value", field);
    }

    /** The parser failed past the body's first complete value: something follows it. */
    private static boolean afterTheValue(JsonParser parser, boolean syntaxError) {
        JsonStreamContext context = parser.getParsingContext();
        if (syntaxError
                && context != null
                && context.inRoot()
                && parser.currentToken() != null
                && parser.currentToken().isStructEnd()) {
            return true; // e.g. a stray '}' after the body's object
        }
        while (context != null && !context.inRoot()) {
            context = context.getParent();
        }
        return context != null && context.getEntryCount() > 1;
    }

    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                parts.push("[" + Math.max(0, at.getCurrentIndex()) + "]");
            } else if (at.getCurrentName() != null) {
                parts.push("." + at.getCurrentName());
            }
        }
        String path = String.join("", parts);
        return path.isEmpty() ? null : path.startsWith(".") ? path.substring(1) : path;
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? null : path.startsWith(".") ? path.substring(1) : path;
    }

    private static String duplicateName(String message) {
        int end = message.indexOf('\'', DUPLICATE_FIELD.length());
        return end < 0 ? null : message.substring(DUPLICATE_FIELD.length(), end);
    }

    private static String fieldOrBody(String field) {
        return field == null ? "The body" : "Field '" + field + "'";
    }

    private static String shapeOf(Class<?> type) {
        if (type == null) {
            return "of another JSON type";
        }
        if (isTextual(type) || type.isEnum()) {
            return "a JSON string";
        }
        if (isIntegral(type)) {
            return "a JSON number without a fraction";
        }
        if (isNumber(type)) {
            return "a JSON number";
        }
        if (isBoolean(type)) {
            return "true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (type.getPackageName().startsWith("java.time")) {
            return "a JSON string in ISO-8601 form";
        }
        return "a JSON object";
    }

    private static String describe(Class<?> type) {
        if (type == Integer.TYPE || type == Integer.class) {
            return "a 32-bit integer (at most " + Integer.MAX_VALUE + ")";
        }
        if (type == Long.TYPE || type == Long.class) {
            return "a 64-bit integer (at most " + Long.MAX_VALUE + ")";
        }
        return type == null ? "its type" : "a " + type.getSimpleName().toLowerCase();
    }

    private static boolean isTextual(Class<?> type) {
        return type != null
                && (CharSequence.class.isAssignableFrom(type) || type == Character.class || type == Character.TYPE);
    }

    private static boolean isIntegral(Class<?> type) {
        return type != null
                && (type == Integer.class
                        || type == Integer.TYPE
                        || type == Long.class
                        || type == Long.TYPE
                        || type == Short.class
                        || type == Short.TYPE
                        || type == Byte.class
                        || type == Byte.TYPE
                        || type == BigInteger.class);
    }

    private static boolean isNumber(Class<?> type) {
        return type != null && (Number.class.isAssignableFrom(type) || type == Double.TYPE || type == Float.TYPE);
    }

    private static boolean isBoolean(Class<?> type) {
        return type == Boolean.class || type == Boolean.TYPE;
    }

    private static ProblemDetail problem(String code, String title, String detail, String field) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, code, title, detail);
        if (field != null) {
            problem.setProperties(Map.of("field", field));
        }
        return problem;
    }
}
