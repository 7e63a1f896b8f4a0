package com.example.shop.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API description a user reads in Swagger UI: on every operation the problem+json answers it can give
 * (authentication, role, saturation and the business rules), the Idempotency-Key header on every POST,
 * an example of every request body, the lock only on the operations that need a token, and the sections
 * in the order a user meets them. The access rules here follow {@code SecurityConfiguration}; ApiDocsTest
 * checks them against the running service.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String BEARER = "bearer";
    private static final String HEALTH = "/actuator/health";

    /** Operations anyone may call, without an access token. */
    static final Set<String> PUBLIC = Set.of(
            "POST /auth/register",
            "POST /auth/login",
            "POST /auth/refresh",
            "POST /auth/logout",
            "GET /.well-known/jwks.json",
            "GET " + HEALTH);

    /** Operations that act for a customer: a customer naming somebody else is refused with 403. */
    private static final Set<String> FOR_A_CUSTOMER = Set.of(
            "POST /orders",
            "POST /campaigns/{campaignId}/claims",
            "GET /customers/{customerId}/orders",
            "DELETE /customers/{customerId}/personal-data");

    private static final String COMMAND_SLOTS = "too many commands are running at once";
    private static final String HASHING = "too many password hashes (Argon2id) are running at once";

    /** Operations that answer 503 with Retry-After when saturated, and why. */
    private static final Map<String, String> SATURATION = Map.of(
            "POST /auth/register", HASHING,
            "POST /auth/login", HASHING,
            "POST /products", COMMAND_SLOTS,
            "POST /products/{sku}/restock", COMMAND_SLOTS,
            "POST /orders",
                    "too many orders are still being fulfilled, the orders read model lags behind, or " + COMMAND_SLOTS
                            + " (checked before the token)",
            "POST /orders/{orderId}/cancel", COMMAND_SLOTS,
            "POST /admin/campaigns", COMMAND_SLOTS,
            "POST /campaigns/{campaignId}/claims",
                    "too many claims are waiting for this campaign, or the claim "
                            + "was not decided in time (read your claim before retrying)");

    /** The sections in the order a user meets them; the admin ones last. */
    private static final List<String> TAG_ORDER = List.of(
            "Accounts",
            "Products",
            "Orders",
            "Campaigns",
            "Health",
            "Signing keys",
            "Projections (admin)",
            "Dead letters (admin)",
            "Audit (admin)",
            "Master keys");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Bean
    public OpenAPI shopOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Shop API")
                        .version("v1")
                        .description("Event-sourced commerce backend. Every error is `application/problem+json` "
                                + "(RFC 9457) with a stable type `/problems/<code>`. Register with `POST /auth/register`, "
                                + "log in with `POST /auth/login` and send the access token as "
                                + "`Authorization: Bearer <token>` (the operations with a lock need it)."))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")));
    }

    @Bean
    public OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            if (openApi.getPaths() == null) {
                openApi.setPaths(new Paths());
            }
            openApi.getComponents().addSchemas("Problem", problemSchema());
            openApi.getPaths().addPathItem(HEALTH, health());
            Map<String, Object> examples = requestExamples();
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperationsMap()
                            .forEach((method, operation) ->
                                    document(path, method, operation, examples.get(method + " " + path))));
            orderTags(openApi);
        };
    }

    private static void document(String path, PathItem.HttpMethod method, Operation operation, Object example) {
        String key = method + " " + path;
        if (!PUBLIC.contains(key) && operation.getSecurity() == null) {
            operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
        }
        if (example != null
                && operation.getRequestBody() != null
                && operation.getRequestBody().getContent() != null) {
            MediaType json = operation.getRequestBody().getContent().get("application/json");
            if (json != null) {
                json.setExample(example);
            }
        }
        if (key.equals("GET " + HEALTH)) {
            return;
        }
        Map<String, ApiResponse> errors = new LinkedHashMap<>();
        errors.put(
                "400",
                problem("Invalid request: a value breaks a rule (type `/problems/validation`), or the body "
                        + "is not the JSON asked for: `/problems/malformed-request`, `duplicate-field`, `trailing-data`, "
                        + "`unknown-field`, `wrong-type`, `not-an-integer`, `out-of-range` or `invalid-value`, with the place "
                        + "in the body as `field`"));
        if (!PUBLIC.contains(key)) {
            errors.put(
                    "401",
                    problem("No valid access token: missing, expired, revoked or badly signed (type "
                                    + "`/problems/unauthenticated`); log in with `POST /auth/login`")
                            .addHeaderObject(
                                    "WWW-Authenticate",
                                    new Header()
                                            .description("`Bearer realm=\"shop\"`")
                                            .schema(new StringSchema())));
        }
        if (staffOnly(path, method)) {
            errors.put("403", problem("Staff only: the token's role is not ADMIN (type `/problems/forbidden`)"));
        } else if (FOR_A_CUSTOMER.contains(key)) {
            errors.put(
                    "403",
                    problem("A customer acts only for themselves: naming another customer is refused "
                            + "(type `/problems/acting-for-another-customer`)"));
        }
        if (path.contains("{")) {
            errors.put(
                    "404",
                    problem("The resource does not exist (type `/problems/not-found`, "
                            + "`/problems/unknown-product`, `/problems/order-not-found`, ...)"));
        }
        if (method == PathItem.HttpMethod.POST) {
            errors.put(
                    "409",
                    problem("Conflicts with the current state: insufficient stock, illegal order transition, "
                            + "duplicate, or an Idempotency-Key still in use"));
            errors.put("413", problem("Request body too large (type `/problems/payload-too-large`)"));
            errors.put("415", problem("Content-Type is not application/json"));
            errors.put(
                    "422",
                    problem("Breaks a business rule: unknown SKU, wrong currency, line count, a campaign "
                            + "window that has ended, or an Idempotency-Key reused for another request"));
            boolean declared = operation.getParameters() != null
                    && operation.getParameters().stream()
                            .anyMatch(parameter -> "Idempotency-Key".equals(parameter.getName()));
            if (!declared) {
                operation.addParametersItem(new HeaderParameter()
                        .name("Idempotency-Key")
                        .required(false)
                        .description(
                                "Makes the POST safe to retry: a repeat with the same key and body returns the first answer")
                        .schema(new StringSchema().maxLength(255)));
            }
        }
        if (key.equals("POST /auth/login")) {
            errors.put(
                    "401", problem("Wrong e-mail address or password, alike (type `/problems/invalid-credentials`)"));
            errors.put(
                    "429",
                    withRetryAfter(problem("Too many attempts for this address: locked for a while "
                            + "(type `/problems/login-locked`)")));
        }
        if (key.equals("POST /auth/refresh")) {
            errors.put(
                    "401",
                    problem("The refresh token is unknown, used, expired or revoked; log in again "
                            + "(type `/problems/invalid-refresh-token`)"));
        }
        if (SATURATION.containsKey(key)) {
            errors.put(
                    "503",
                    withRetryAfter(problem("Saturated: " + SATURATION.get(key)
                            + "; retry after Retry-After seconds (type `/problems/overloaded`)")));
        }
        errors.put("500", problem("Unexpected failure; no internals are disclosed (type `/problems/internal`)"));
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        errors.forEach((status, response) -> {
            if (operation.getResponses().get(status) == null) {
                operation.getResponses().addApiResponse(status, response);
            }
        });
    }

    /** The same rule as {@code SecurityConfiguration}: the /admin tree and the catalog's commands need ADMIN. */
    private static boolean staffOnly(String path, PathItem.HttpMethod method) {
        return path.startsWith("/admin/") || (method == PathItem.HttpMethod.POST && path.startsWith("/products"));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                "application/problem+json", new MediaType().schema(new Schema<>().$ref(PROBLEM_REF))));
    }

    private static ApiResponse withRetryAfter(ApiResponse response) {
        return response.addHeaderObject(
                "Retry-After",
                new Header().description("Seconds to wait before retrying").schema(new IntegerSchema()));
    }

    /** Health is served by the actuator, outside the controllers springdoc scans. */
    private static PathItem health() {
        return new PathItem()
                .get(new Operation()
                        .operationId("health")
                        .addTagsItem("Health")
                        .summary("Whether the service and its databases are up (no token needed)")
                        .responses(new ApiResponses()
                                .addApiResponse(
                                        "200",
                                        new ApiResponse()
                                                .description("Up")
                                                .content(new Content()
                                                        .addMediaType(
                                                                "application/json",
                                                                new MediaType()
                                                                        .schema(new ObjectSchema()
                                                                                .addProperty(
                                                                                        "status",
                                                                                        new StringSchema()
                                                                                                .example("UP"))))))
                                .addApiResponse("503", new ApiResponse().description("Down or out of service"))));
    }

    /**
     * An example of every request body, as a user would send it: a customer acting for themselves. The
     * campaign's window starts when the description is built and lasts a week, so that the example works.
     */
    private static Map<String, Object> requestExamples() {
        Instant startsAt = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant endsAt = startsAt.plus(Duration.ofDays(7));
        Map<String, String> json = new LinkedHashMap<>();
        String credentials = """
                {"email":"alice@example.com","password":"correct horse battery staple"}""";
        String refreshToken = """
                {"refreshToken":"7kq3Vq0mZ2xY9d4T1uWcR8pN5sB6hJ0fL2gA4eK7iMo"}""";
        json.put("POST /auth/register", credentials);
        json.put("POST /auth/login", credentials);
        json.put("POST /auth/refresh", refreshToken);
        json.put("POST /auth/logout", refreshToken);
        json.put("POST /products", """
                {"sku":"TSHIRT-1","name":"T-shirt","price":{"amountMinor":1999,"currency":"EUR"},"initialStock":10}""");
        json.put("POST /products/{sku}/restock", """
                {"quantity":25}""");
        json.put("POST /orders", """
                {"currency":"EUR","lines":[{"sku":"TSHIRT-1","quantity":2}],
                 "shippingAddress":{"name":"Alice Example","line1":"1 Main Street","postalCode":"10115",
                                    "city":"Berlin","country":"DE"},
                 "payment":{"cardToken":"tok_visa_4242"}}""");
        json.put("POST /orders/{orderId}/cancel", """
                {"reason":"ordered by mistake"}""");
        json.put("POST /admin/campaigns", """
                {"campaignId":"black-friday","name":"Black Friday","quota":10000,"discountPercent":50,
                 "startsAt":"%s","endsAt":"%s"}""".formatted(startsAt, endsAt));
        json.put("POST /campaigns/{campaignId}/claims", "{}");
        Map<String, Object> examples = new LinkedHashMap<>();
        json.forEach((key, text) -> {
            try {
                examples.put(key, JSON.readValue(text, LinkedHashMap.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("request example of " + key + " is not JSON", e);
            }
        });
        return examples;
    }

    private static void orderTags(OpenAPI openApi) {
        List<Tag> tags = new ArrayList<>(openApi.getTags() == null ? List.of() : openApi.getTags());
        if (tags.stream().noneMatch(tag -> tag.getName().equals("Health"))) {
            tags.add(new Tag().name("Health").description("Liveness of the service and its databases"));
        }
        tags.sort(Comparator.comparingInt(tag -> {
            int position = TAG_ORDER.indexOf(tag.getName());
            return position < 0 ? TAG_ORDER.size() : position;
        }));
        openApi.setTags(tags);
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description(
                        "RFC 9457 problem details; rule violations add the facts they concern (sku, available, ...)")
                .addProperty("type", new StringSchema().example("/problems/insufficient-stock"))
                .addProperty("title", new StringSchema().example("Insufficient stock"))
                .addProperty("status", new IntegerSchema().example(409))
                .addProperty("detail", new StringSchema().example("Only 2 of SKU-1 available, 3 requested"))
                .addProperty("instance", new StringSchema().example("/orders"));
    }
}
