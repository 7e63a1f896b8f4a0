package com.example.shop.infra.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Documents, on every operation, the problem+json answers it can give, and the Idempotency-Key
 * header on every POST, so that Swagger UI shows the whole contract and not only the happy path.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String BEARER = "bearer";

    @Bean
    public OpenAPI shopOpenApi() {
        return new OpenAPI().info(new Info().title("Shop API").version("v1")
                        .description("Event-sourced commerce backend. Every error is application/problem+json (RFC 9457) "
                                + "with a stable type /problems/<code>. Log in with POST /auth/login and send the access "
                                + "token as Authorization: Bearer <token>."))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    public OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas("Problem", problemSchema());
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    document(path, method, operation)));
        };
    }

    private static void document(String path, PathItem.HttpMethod method, Operation operation) {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("400", "Invalid request: a value breaks a rule (type /problems/validation), or the body is not the JSON asked for: "
                + "/problems/malformed-request, duplicate-field, trailing-data, unknown-field, wrong-type, not-an-integer, "
                + "out-of-range or invalid-value, with the place in the body as 'field'");
        if (path.contains("{")) {
            errors.put("404", "The resource does not exist (type /problems/not-found, /problems/unknown-product, /problems/order-not-found)");
        }
        if (method == PathItem.HttpMethod.POST) {
            errors.put("409", "Conflicts with the current state: insufficient stock, illegal order transition, duplicate, or an Idempotency-Key still in use");
            errors.put("413", "Request body too large (type /problems/payload-too-large)");
            errors.put("415", "Content-Type is not application/json");
            errors.put("422", "Breaks a business rule: unknown SKU, wrong currency, line count, or an Idempotency-Key reused for another request");
            operation.addParametersItem(new HeaderParameter().name("Idempotency-Key").required(false)
                    .description("Makes the POST safe to retry: a repeat with the same key and body returns the first answer")
                    .schema(new StringSchema().maxLength(255)));
        }
        errors.put("500", "Unexpected failure; no internals are disclosed (type /problems/internal)");
        errors.forEach((status, description) -> {
            if (operation.getResponses().get(status) == null) {
                operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                        .content(new Content().addMediaType("application/problem+json",
                                new MediaType().schema(new Schema<>().$ref(PROBLEM_REF)))));
            }
        });
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details; rule violations add the facts they concern (sku, available, ...)")
                .addProperty("type", new StringSchema().example("/problems/insufficient-stock"))
                .addProperty("title", new StringSchema().example("Insufficient stock"))
                .addProperty("status", new IntegerSchema().example(409))
                .addProperty("detail", new StringSchema().example("Only 2 of SKU-1 available, 3 requested"))
                .addProperty("instance", new StringSchema().example("/orders"));
    }
}
