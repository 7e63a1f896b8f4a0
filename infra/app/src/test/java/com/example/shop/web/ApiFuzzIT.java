package com.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.RawHttp;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Drives every operation that {@code /v3/api-docs} describes with malformed input: bad encodings and
 * forbidden sequences in the path and the query, values of the wrong type, huge numbers, duplicate keys,
 * trailing data, bodies that are not JSON or not the JSON asked for, wrong content types and odd headers,
 * each without credentials and with a valid admin token. Whatever the input, no answer is a 5xx, and every
 * 4xx is problem+json with a stable {@code /problems/<code>} type; every answer carries a correlation id.
 * Requests go over a raw socket, so that what a strict HTTP client would refuse to send is sent as well.
 */
class ApiFuzzIT extends ServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Path segments: encodings Tomcat refuses, sequences the firewall refuses, values of no valid form. */
    private static final List<String> PATH_VALUES = List.of(
            "%00",
            "%2F",
            "a%2fb",
            "%C3%28",
            "%FF",
            "%E9",
            "..",
            "%2e%2e",
            "a;b",
            "a%3Bb",
            "%25",
            "a%20b",
            "%0d%0a",
            "[x]",
            "%5B%5D",
            "\u00e9",
            "-1",
            "99999999999999999999999",
            "a".repeat(300),
            "a".repeat(9000));

    /** Query values: wrong types, out of range, bad encodings, a raw '[' (refused by Tomcat). */
    private static final List<String> QUERY_VALUES = List.of(
            "abc",
            "-1",
            "0",
            "1.5",
            "1e400",
            "99999999999999999999999",
            "",
            "%00",
            "%C3%28",
            "%zz",
            "[",
            "%5B",
            "true",
            "a".repeat(3000),
            "2026-13-45T99:99:99Z");

    private final JsonNodeFactory nodes = NODES;
    /** What broke the contract, one line per answer; reported together so that one run shows them all. */
    private final List<String> failures = new ArrayList<>();

    private int requests;

    private record Operation(
            String method,
            String path,
            List<String> pathParameters,
            List<String> queryParameters,
            JsonNode bodySchema) {
        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    @Test
    void noMalformedRequestGetsA5xxOrAnAnswerThatIsNotAProblem() throws Exception {
        RawHttp http = new RawHttp(port);
        RawHttp.Response docs = http.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode spec = JSON.readTree(docs.body());
        List<Operation> operations = operations(spec);
        assertThat(operations).as("operations in the API docs").hasSizeGreaterThanOrEqualTo(30);

        long started = System.nanoTime();
        for (Operation operation : operations) {
            for (String token : new String[] {null, adminToken}) {
                fuzz(http, spec, operation, token);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(failures)
                .as(failures.size() + " of " + requests + " answers broke the contract (in " + took + "):\n"
                        + String.join("\n", failures.subList(0, Math.min(60, failures.size()))))
                .isEmpty();
    }

    private void fuzz(RawHttp http, JsonNode spec, Operation operation, String token) {
        Map<String, byte[]> auth = new LinkedHashMap<>();
        if (token != null) {
            auth.put("Authorization", ascii("Bearer " + token));
        }
        String baseline = path(operation, Map.of());
        byte[] sample = operation.bodySchema == null
                ? null
                : ascii(sample(spec, operation.bodySchema, 0).toString());

        for (String parameter : operation.pathParameters) {
            for (String value : PATH_VALUES) {
                send(http, operation, operation.method, bytes(path(operation, Map.of(parameter, value))), auth, sample);
            }
        }
        for (String parameter : operation.queryParameters) {
            for (String value : QUERY_VALUES) {
                send(http, operation, operation.method, bytes(baseline + "?" + parameter + "=" + value), auth, sample);
            }
            send(
                    http,
                    operation,
                    operation.method,
                    bytes(baseline + "?" + parameter + "=1&" + parameter + "=2"),
                    auth,
                    sample);
        }
        for (String query : List.of("?%zz=1", "?a=%C3%28", "?[]=1", "?a=1&&&=", "?" + "a=1&".repeat(2000))) {
            send(http, operation, operation.method, bytes(baseline + query), auth, sample);
        }
        send(http, operation, "PATCH", bytes(baseline), auth, null);
        send(http, operation, "PUT", bytes(baseline), auth, sample);

        for (Map.Entry<String, byte[]> header : oddHeaders(token)) {
            Map<String, byte[]> headers = new LinkedHashMap<>(auth);
            headers.put(header.getKey(), header.getValue());
            send(http, operation, operation.method, bytes(baseline), headers, sample);
        }
        if (!"post".equals(operation.method)) {
            return;
        }
        // a request refused at the door (401 without a token) goes no deeper whatever its body says
        if (token == null
                && send(http, operation, operation.method, bytes(baseline), withJson(auth, "application/json"), sample)
                        == 401) {
            return;
        }
        for (byte[] body : malformedBodies(spec, operation)) {
            send(http, operation, operation.method, bytes(baseline), withJson(auth, "application/json"), body);
        }
        byte[] body = sample == null ? ascii("{}") : sample;
        for (String contentType : List.of(
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/json; charset=bogus",
                "application/json; charset=UTF-16",
                "application/*",
                ";;",
                "application/json, text/plain",
                "\u00e9")) {
            send(http, operation, operation.method, bytes(baseline), withJson(auth, contentType), body);
        }
        send(http, operation, operation.method, bytes(baseline), auth, body); // no Content-Type at all
    }

    private List<Map.Entry<String, byte[]>> oddHeaders(String token) {
        List<Map.Entry<String, byte[]>> headers = new ArrayList<>(List.of(
                Map.entry("X-Correlation-Id", ascii("not a valid id; " + "x".repeat(100))),
                Map.entry("Idempotency-Key", ascii("k".repeat(300))),
                Map.entry("Idempotency-Key", new byte[] {'a', 0x01, 'b'}),
                Map.entry("Idempotency-Key", new byte[] {'a', (byte) 0xe9, (byte) 0xff}),
                Map.entry("Accept", ascii(";;")),
                Map.entry("Accept", ascii("text/html")),
                Map.entry("Accept-Charset", ascii("bogus")),
                Map.entry("X-Odd", new byte[] {'a', 0x0d, 'b'}),
                Map.entry("X-Odd", new byte[] {(byte) 0xc3, (byte) 0x28, 0x7f}),
                Map.entry("X-\u00e9", ascii("a")),
                Map.entry("Range", ascii("bytes=99999999999999999999-")),
                Map.entry("traceparent", ascii("00-zz-zz-zz"))));
        if (token == null) {
            headers.add(Map.entry("Authorization", ascii("Bearer not.a.jwt")));
            headers.add(Map.entry("Authorization", ascii("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")));
            headers.add(Map.entry("Authorization", ascii("Basic YWRtaW46YWRtaW4=")));
            headers.add(Map.entry("Authorization", ascii("Bearer " + "a".repeat(6000))));
        }
        return headers;
    }

    private List<byte[]> malformedBodies(JsonNode spec, Operation operation) {
        List<byte[]> bodies = new ArrayList<>();
        for (String text : List.of(
                "",
                "{",
                "}",
                "garbage",
                "[]",
                "[{}]",
                "42",
                "\"text\"",
                "null",
                "true",
                "{}{}",
                "{\"a\":1} garbage",
                "{\"a\":1,\"a\":2}",
                "[".repeat(3000) + "]".repeat(3000),
                "{\"a\":" + "9".repeat(5000) + "}",
                "{\"a\":\"\\ud800\"}",
                "{\"a\":\"\\u0000\"}",
                "\ufeff{}")) {
            bodies.add(text.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
        if (operation.bodySchema == null) {
            return bodies;
        }
        ObjectNode sample = (ObjectNode) sample(spec, operation.bodySchema, 0);
        String text = sample.toString();
        bodies.add(ascii(text + " garbage"));
        bodies.add(ascii(text + "}"));
        bodies.add(ascii(text + text));
        Iterator<Map.Entry<String, JsonNode>> fields = sample.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            // the same key twice, first and last
            bodies.add(ascii(text.replaceFirst("\\{", "{" + JSON.valueToTree(name) + ":" + field.getValue() + ",")));
            bodies.add(ascii(text.substring(0, text.length() - 1) + "," + JSON.valueToTree(name) + ":"
                    + field.getValue() + "}"));
            for (JsonNode wrong : wrongValues(field.getValue())) {
                ObjectNode changed = sample.deepCopy();
                changed.set(name, wrong);
                bodies.add(ascii(changed.toString()));
            }
        }
        return bodies;
    }

    /** Values of another JSON type than the sample's, numbers that are not integers and ones that are too big. */
    private List<JsonNode> wrongValues(JsonNode value) {
        List<JsonNode> wrong = new ArrayList<>(List.of(
                nodes.nullNode(),
                nodes.arrayNode(),
                nodes.objectNode(),
                nodes.textNode(""),
                nodes.numberNode(1.5),
                nodes.numberNode(new java.math.BigInteger("9".repeat(30))),
                nodes.numberNode(new java.math.BigDecimal("1e400")),
                nodes.booleanNode(true)));
        if (value.isTextual()) {
            wrong.add(nodes.numberNode(12));
            wrong.add(nodes.textNode("x".repeat(70_000 / 2)));
        } else {
            wrong.add(nodes.textNode("12"));
        }
        if (value.isArray()) {
            ArrayNode elements = nodes.arrayNode();
            elements.add(12).add("x").add(nodes.nullNode());
            wrong.add(elements);
        }
        return wrong;
    }

    /** Sends one request and notes it if its answer breaks the contract; answers its status (0: no answer). */
    private int send(
            RawHttp http, Operation operation, String method, byte[] target, Map<String, byte[]> headers, byte[] body) {
        requests++;
        String what = method.toUpperCase() + " " + shorten(new String(target, StandardCharsets.ISO_8859_1)) + " "
                + describe(headers)
                + (body == null ? "" : " body " + shorten(new String(body, StandardCharsets.UTF_8)));
        RawHttp.Response answer;
        try {
            answer = http.send(method.toUpperCase(), target, headers, body);
        } catch (RuntimeException e) {
            failures.add(operation + ": " + what + " -> no answer (" + e.getMessage() + ")");
            return 0;
        }
        String problem = contractBroken(answer);
        if (problem != null) {
            failures.add(operation + ": " + what + " -> " + answer.status() + " " + answer.header("Content-Type") + " "
                    + shorten(answer.text()) + " (" + problem + ")");
        }
        return answer.status();
    }

    private static String contractBroken(RawHttp.Response answer) {
        if (answer.status() >= 500) {
            return "a server error";
        }
        if (answer.header("X-Correlation-Id") == null) {
            return "no X-Correlation-Id";
        }
        if (answer.status() < 400) {
            return null;
        }
        if (!answer.isProblem()) {
            return "not application/problem+json";
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(answer.body());
        } catch (Exception e) {
            return "a problem that is not JSON";
        }
        String type = problem.path("type").asText("");
        if (!type.startsWith("/problems/")) {
            return "type '" + type + "' is not a stable /problems/<code>";
        }
        if (problem.path("status").asInt() != answer.status()) {
            return "status in the body differs";
        }
        return null;
    }

    private static List<Operation> operations(JsonNode spec) {
        List<Operation> operations = new ArrayList<>();
        spec.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
                    JsonNode operation = entry.getValue();
                    List<String> inPath = new ArrayList<>();
                    List<String> inQuery = new ArrayList<>();
                    for (JsonNode parameter : operation.path("parameters")) {
                        switch (parameter.path("in").asText()) {
                            case "path" -> inPath.add(parameter.path("name").asText());
                            case "query" -> inQuery.add(parameter.path("name").asText());
                            default -> {}
                        }
                    }
                    JsonNode schema = operation
                            .path("requestBody")
                            .path("content")
                            .path("application/json")
                            .path("schema");
                    operations.add(new Operation(
                            entry.getKey(), path.getKey(), inPath, inQuery, schema.isMissingNode() ? null : schema));
                }));
        return operations;
    }

    /** The path with each parameter set to a well-formed value of no existing resource, or to the value given. */
    private static String path(Operation operation, Map<String, String> values) {
        String path = operation.path;
        for (String parameter : operation.pathParameters) {
            String value = values.getOrDefault(
                    parameter,
                    switch (parameter) {
                        case "orderId", "claimId", "deadLetterId" ->
                            UUID.randomUUID().toString();
                        case "sku" -> "FUZZ-NO-SUCH-SKU";
                        case "name" -> "no-such-projection";
                        case "processingGroup" -> "no-such-group";
                        default -> "fuzz-" + parameter.toLowerCase();
                    });
            path = path.replace("{" + parameter + "}", value);
        }
        return path;
    }

    /** A body of the schema's shape (every field, placeholder values), as the base the malformed bodies change. */
    private JsonNode sample(JsonNode spec, JsonNode schema, int depth) {
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asText().substring("#/components/schemas/".length());
            return sample(spec, spec.path("components").path("schemas").path(name), depth + 1);
        }
        if (depth > 6) {
            return nodes.nullNode();
        }
        return switch (schema.path("type").asText("object")) {
            case "string" ->
                nodes.textNode(schema.has("example") ? schema.path("example").asText() : "x");
            case "integer" -> nodes.numberNode(1);
            case "number" -> nodes.numberNode(1.0);
            case "boolean" -> nodes.booleanNode(true);
            case "array" -> nodes.arrayNode().add(sample(spec, schema.path("items"), depth + 1));
            default -> {
                ObjectNode object = nodes.objectNode();
                schema.path("properties")
                        .fields()
                        .forEachRemaining(property ->
                                object.set(property.getKey(), sample(spec, property.getValue(), depth + 1)));
                yield object;
            }
        };
    }

    private static Map<String, byte[]> withJson(Map<String, byte[]> headers, String contentType) {
        Map<String, byte[]> with = new LinkedHashMap<>(headers);
        with.put("Content-Type", contentType.getBytes(StandardCharsets.UTF_8));
        return with;
    }

    private static String describe(Map<String, byte[]> headers) {
        StringBuilder described = new StringBuilder();
        headers.forEach((name, value) -> described
                .append('[')
                .append(name)
                .append(": ")
                .append(
                        name.equals("Authorization") && value.length > 40
                                ? "Bearer <admin>"
                                : shorten(new String(value, StandardCharsets.ISO_8859_1)))
                .append(']'));
        return described.toString();
    }

    private static String shorten(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 120 ? printable : printable.substring(0, 120) + "...(" + printable.length() + ")";
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String target) {
        return target.getBytes(StandardCharsets.UTF_8);
    }
}
