package com.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API description a user reads (/v3/api-docs, shown by Swagger UI), checked rule by rule. */
class ApiDocsIT extends ServiceTest {

    private static final Set<String> PUBLIC = Set.of(
            "POST /auth/register",
            "POST /auth/login",
            "POST /auth/refresh",
            "POST /auth/logout",
            "GET /.well-known/jwks.json",
            "GET /actuator/health");
    private static final Pattern HTML_TAG = Pattern.compile("</?[A-Za-z][^>]*>");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

    private JsonNode docs;

    @BeforeEach
    void readTheDescription() {
        Api.Response answer = anonymous.get("/v3/api-docs");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        docs = answer.json();
    }

    @Test
    void everyEndpointIsDocumentedWithItsErrorResponses() {
        JsonNode paths = docs.path("paths");

        assertThat(paths.fieldNames())
                .toIterable()
                .contains(
                        "/products",
                        "/products/{sku}",
                        "/products/{sku}/restock",
                        "/orders",
                        "/orders/{orderId}",
                        "/orders/{orderId}/cancel",
                        "/customers/{customerId}/orders",
                        "/admin/campaigns",
                        "/campaigns/{campaignId}",
                        "/campaigns/{campaignId}/claims",
                        "/campaigns/{campaignId}/claims/{customerId}",
                        "/actuator/health");
        JsonNode placeOrder = paths.path("/orders").path("post");
        assertThat(placeOrder.path("responses").fieldNames())
                .toIterable()
                .contains("202", "400", "401", "403", "409", "413", "422", "500", "503")
                .doesNotContain("200", "201");
        assertThat(placeOrder.path("responses").path("409").path("content").has("application/problem+json"))
                .isTrue();
        assertThat(placeOrder.path("parameters").findValuesAsText("name")).containsOnlyOnce("Idempotency-Key");
        assertThat(paths.path("/orders/{orderId}").path("get").path("responses").has("404"))
                .isTrue();
        assertThat(placeOrder.path("parameters").findValuesAsText("name")).doesNotContain("caller");
        assertThat(docs.path("components")
                        .path("securitySchemes")
                        .path("bearer")
                        .path("scheme")
                        .asText())
                .isEqualTo("bearer");
    }

    @Test
    void onlyTheOperationsThatNeedATokenCarryTheLock_andTheServiceAgrees() {
        assertThat(docs.has("security")).as("no lock on everything by default").isFalse();
        List<String> checked = new ArrayList<>();
        forEachOperation((key, operation) -> {
            boolean locked = false;
            for (JsonNode requirement : operation.path("security")) {
                locked |= requirement.has("bearer");
            }
            Api.Response anonymousAnswer = callWithoutToken(key);
            if (PUBLIC.contains(key)) {
                assertThat(locked).as(key + " is public: no lock").isFalse();
                assertThat(anonymousAnswer.status())
                        .as(key + " answers without a token: " + anonymousAnswer)
                        .isNotEqualTo(401);
            } else {
                assertThat(locked).as(key + " needs a token: the lock").isTrue();
                assertThat(operation.path("responses").has("401"))
                        .as(key + " documents 401")
                        .isTrue();
                assertThat(anonymousAnswer.status())
                        .as(key + " refuses a caller without a token")
                        .isEqualTo(401);
            }
            checked.add(key);
        });
        assertThat(checked).containsAll(PUBLIC).hasSizeGreaterThan(25);
    }

    @Test
    void staffOnlyAndCustomerScopedOperationsDocument403() {
        forEachOperation((key, operation) -> {
            String path = key.substring(key.indexOf(' ') + 1);
            if (path.startsWith("/admin/") || key.startsWith("POST /products")) {
                assertThat(operation
                                .path("responses")
                                .path("403")
                                .path("description")
                                .asText())
                        .as(key + " is for staff only")
                        .contains("Staff only");
            }
        });
        for (String key : List.of(
                "POST /orders",
                "POST /campaigns/{campaignId}/claims",
                "GET /customers/{customerId}/orders",
                "DELETE /customers/{customerId}/personal-data")) {
            assertThat(operation(key)
                            .path("responses")
                            .path("403")
                            .path("description")
                            .asText())
                    .as(key)
                    .contains("another customer");
        }
        // the lock customers meet every day is not a role check
        assertThat(operation("GET /products/{sku}").path("responses").has("403"))
                .isFalse();
    }

    @Test
    void saturationAndLockoutAreDocumentedWithRetryAfter() {
        for (String key : List.of(
                "POST /orders",
                "POST /campaigns/{campaignId}/claims",
                "POST /auth/login",
                "POST /auth/register",
                "POST /products",
                "POST /products/{sku}/restock",
                "POST /orders/{orderId}/cancel",
                "POST /admin/campaigns")) {
            JsonNode unavailable = operation(key).path("responses").path("503");
            assertThat(unavailable.path("description").asText())
                    .as(key + " documents 503")
                    .contains("Saturated");
            assertThat(unavailable.path("headers").has("Retry-After"))
                    .as(key + " 503 with Retry-After")
                    .isTrue();
        }
        JsonNode locked = operation("POST /auth/login").path("responses").path("429");
        assertThat(locked.path("description").asText()).contains("/problems/login-locked");
        assertThat(locked.path("headers").has("Retry-After")).isTrue();
        assertThat(operation("POST /auth/login")
                        .path("responses")
                        .path("401")
                        .path("description")
                        .asText())
                .contains("/problems/invalid-credentials");
        assertThat(operation("GET /products/{sku}").path("responses").has("503"))
                .isFalse();
    }

    @Test
    void theRebuildIsDocumentedAsAccepted() {
        JsonNode responses = operation("POST /admin/projections/{name}/rebuild").path("responses");
        assertThat(responses.fieldNames())
                .toIterable()
                .contains("202", "401", "403")
                .doesNotContain("200");
    }

    @Test
    void everyPostWithABodyHasAnExampleWithEveryRequiredFieldAndNoUnknownOne() {
        List<String> exemplified = new ArrayList<>();
        forEachOperation((key, operation) -> {
            if (!key.startsWith("POST ") || operation.path("requestBody").isMissingNode()) {
                return;
            }
            JsonNode json = operation.path("requestBody").path("content").path("application/json");
            assertThat(json.has("example")).as(key + " has a request example").isTrue();
            conforms(key, json.path("example"), json.path("schema"));
            exemplified.add(key);
        });
        assertThat(exemplified)
                .contains(
                        "POST /auth/register",
                        "POST /auth/login",
                        "POST /auth/refresh",
                        "POST /auth/logout",
                        "POST /products",
                        "POST /products/{sku}/restock",
                        "POST /orders",
                        "POST /orders/{orderId}/cancel",
                        "POST /admin/campaigns",
                        "POST /campaigns/{campaignId}/claims");
        JsonNode order = operation("POST /orders")
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("example");
        assertThat(order.has("payment")).isTrue();
        assertThat(order.has("shippingAddress")).isTrue();
    }

    @Test
    void placeholdersAreNotSwallowedAsHtml() {
        List<String> texts = new ArrayList<>();
        collectTexts(docs, texts);
        assertThat(texts).hasSizeGreaterThan(50);
        for (String text : texts) {
            String outsideCode = CODE_SPAN.matcher(text).replaceAll("");
            assertThat(HTML_TAG.matcher(outsideCode).find())
                    .as("a bare <...> is read as HTML: " + text)
                    .isFalse();
        }
        assertThat(docs.path("info").path("description").asText())
                .contains("`/problems/<code>`", "`Authorization: Bearer <token>`");
    }

    @Test
    void sectionsFollowTheUsersPath_authProductsOrdersCampaignsThenAdmin() {
        List<String> tags = docs.path("tags").findValuesAsText("name");
        assertThat(tags).startsWith("Accounts", "Products", "Orders", "Campaigns");
        for (String admin : List.of(
                "Projections (admin)", "Dead letters (admin)", "Audit (admin)", "Master keys", "Signing keys")) {
            assertThat(tags.indexOf(admin)).as(admin).isGreaterThan(tags.indexOf("Campaigns"));
        }
        Set<String> used = new HashSet<>();
        forEachOperation((key, operation) -> operation.path("tags").forEach(tag -> used.add(tag.asText())));
        assertThat(tags).as("every section an operation is in is ordered").containsAll(used);
    }

    @Test
    void swaggerUiIsServed() {
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void reportsHealthyOnItsDatabases() {
        var health = anonymous.get("/actuator/health");
        assertThat(health.status()).as(health.rawBody()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
    }

    private void forEachOperation(BiConsumer<String, JsonNode> check) {
        docs.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
                    if (Set.of("get", "post", "put", "delete", "patch").contains(method.getKey())) {
                        check.accept(method.getKey().toUpperCase() + " " + path.getKey(), method.getValue());
                    }
                }));
    }

    private JsonNode operation(String key) {
        String[] methodAndPath = key.split(" ", 2);
        JsonNode operation = docs.path("paths").path(methodAndPath[1]).path(methodAndPath[0].toLowerCase());
        assertThat(operation.isMissingNode()).as(key + " is documented").isFalse();
        return operation;
    }

    /** Calls the operation with made-up path variables and an empty body: enough to meet the access check. */
    private Api.Response callWithoutToken(String key) {
        String[] methodAndPath = key.split(" ", 2);
        String path = methodAndPath[1].replaceAll("\\{[^}]+}", "x");
        return switch (methodAndPath[0]) {
            case "GET" -> anonymous.get(path);
            case "POST" -> anonymous.post(path, "{}");
            case "DELETE" -> anonymous.delete(path);
            default -> throw new AssertionError("no call for " + key);
        };
    }

    /** The example has every required field of its schema, only fields the schema knows, all the way down. */
    private void conforms(String where, JsonNode example, JsonNode schema) {
        JsonNode resolved = resolve(schema);
        if (example.isArray()) {
            example.forEach(item -> conforms(where + "[]", item, resolved.path("items")));
            return;
        }
        if (!example.isObject()) {
            return;
        }
        JsonNode properties = resolved.path("properties");
        resolved.path("required")
                .forEach(required -> assertThat(example.has(required.asText()))
                        .as(where + " example has required " + required)
                        .isTrue());
        example.fields().forEachRemaining(field -> {
            assertThat(properties.has(field.getKey()))
                    .as(where + " example field " + field.getKey() + " is known")
                    .isTrue();
            conforms(where + "." + field.getKey(), field.getValue(), properties.path(field.getKey()));
        });
    }

    private JsonNode resolve(JsonNode schema) {
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asText().substring("#/components/schemas/".length());
            return resolve(docs.path("components").path("schemas").path(name));
        }
        return schema;
    }

    private static void collectTexts(JsonNode node, List<String> texts) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (Set.of("description", "summary").contains(field.getKey())
                        && field.getValue().isTextual()) {
                    texts.add(field.getValue().asText());
                } else {
                    collectTexts(field.getValue(), texts);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectTexts(child, texts));
        }
    }
}
