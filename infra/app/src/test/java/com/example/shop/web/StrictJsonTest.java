package com.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/** The web's JSON mapper refuses what it would otherwise guess at, and each refusal is explained precisely. */
class StrictJsonTest {

    enum Colour {
        RED,
        GREEN
    }

    record Line(String sku, Long quantity) {}

    record Body(String name, int count, Boolean flag, Double ratio, Instant at, Colour colour, List<Line> lines) {}

    private final ObjectMapper mapper = mapper();

    private static ObjectMapper mapper() {
        Jackson2ObjectMapperBuilder builder =
                new Jackson2ObjectMapperBuilder().featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Jackson2ObjectMapperBuilderCustomizer strict = new StrictJsonConfigurationAccess().customizer();
        strict.customize(builder);
        return builder.build();
    }

    /** Reaches the package-private bean method the way Spring would. */
    static final class StrictJsonConfigurationAccess extends StrictJsonConfiguration {
        Jackson2ObjectMapperBuilderCustomizer customizer() {
            try {
                var method = StrictJsonConfiguration.class.getDeclaredMethod("strictJson");
                method.setAccessible(true);
                return (Jackson2ObjectMapperBuilderCustomizer) method.invoke(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private ProblemDetail refusal(String json) {
        Throwable failure = catchThrowable(() -> mapper.readValue(json, Body.class));
        assertThat(failure).as(json).isNotNull();
        return JsonBodyProblems.explain(failure);
    }

    private void assertRefused(String json, String type, String field) {
        ProblemDetail problem = refusal(json);
        assertThat(problem.getType().toString()).as(json + " -> " + problem).isEqualTo("/problems/" + type);
        assertThat(problem.getStatus()).isEqualTo(400);
        if (field == null) {
            assertThat(problem.getProperties()).as(problem.toString()).isNullOrEmpty();
        } else {
            assertThat(problem.getProperties()).as(problem.toString()).containsEntry("field", field);
            assertThat(problem.getDetail()).contains("'" + field + "'");
        }
    }

    @Test
    void wellFormedInputIsRead() {
        assertThatNoException().isThrownBy(() -> mapper.readValue("""
                {"name":"n","count":2,"flag":true,"ratio":1.5,"at":"2026-12-01T00:00:00Z","colour":"RED",
                 "lines":[{"sku":"A-1","quantity":3}]}""", Body.class));
    }

    @Test
    void duplicateKeys() {
        assertRefused("{\"name\":\"a\",\"name\":\"b\"}", "duplicate-field", "name");
        assertRefused(
                "{\"lines\":[{\"sku\":\"A\",\"quantity\":1,\"quantity\":2}]}", "duplicate-field", "lines[0].quantity");
    }

    @Test
    void trailingData() {
        assertRefused("{\"name\":\"a\"} garbage", "trailing-data", null);
        assertRefused("{\"name\":\"a\"} {\"name\":\"b\"}", "trailing-data", null);
        assertRefused("{\"name\":\"a\"}}", "trailing-data", null);
        assertRefused("{\"name\":\"a\"} 1", "trailing-data", null);
    }

    @Test
    void fractionsAreNotIntegers() {
        assertRefused("{\"lines\":[{\"quantity\":1.5}]}", "not-an-integer", "lines[0].quantity");
        assertRefused("{\"lines\":[{\"quantity\":2.0}]}", "not-an-integer", "lines[0].quantity");
        assertRefused("{\"count\":2.5}", "not-an-integer", "count");
        assertRefused("{\"count\":1e3}", "not-an-integer", "count");
    }

    @Test
    void hugeNumbersAreOutOfRange() {
        assertRefused("{\"lines\":[{\"quantity\":99999999999999999999999}]}", "out-of-range", "lines[0].quantity");
        assertRefused("{\"count\":3000000000}", "out-of-range", "count");
    }

    @Test
    void scalarsAreNotCoerced() {
        assertRefused("{\"name\":12}", "wrong-type", "name");
        assertRefused("{\"name\":1.5}", "wrong-type", "name");
        assertRefused("{\"name\":true}", "wrong-type", "name");
        assertRefused("{\"count\":\"2\"}", "wrong-type", "count");
        assertRefused("{\"lines\":[{\"quantity\":\"2\"}]}", "wrong-type", "lines[0].quantity");
        assertRefused("{\"ratio\":\"1.5\"}", "wrong-type", "ratio");
        assertRefused("{\"flag\":1}", "wrong-type", "flag");
        assertRefused("{\"flag\":\"true\"}", "wrong-type", "flag");
        assertRefused("{\"at\":1700000000}", "wrong-type", "at");
        assertRefused("{\"colour\":0}", "wrong-type", "colour");
        assertRefused("{\"name\":{}}", "wrong-type", "name");
        assertRefused("{\"lines\":{}}", "wrong-type", "lines");
        assertRefused("{\"lines\":[\"A-1\"]}", "wrong-type", "lines[0]");
    }

    @Test
    void emptyStringsAreNotValues() {
        assertRefused("{\"at\":\"\"}", "invalid-value", "at");
        assertRefused("{\"colour\":\"\"}", "invalid-value", "colour");
        assertRefused("{\"colour\":\"BLUE\"}", "invalid-value", "colour");
    }

    @Test
    void theBodyMustBeAnObject() {
        assertRefused("[]", "wrong-type", null);
        assertRefused("42", "wrong-type", null);
        assertRefused("\"text\"", "wrong-type", null);
    }

    @Test
    void unknownFields() {
        assertRefused("{\"nope\":1}", "unknown-field", "nope");
        assertRefused("{\"lines\":[{\"sku\":\"A\",\"price\":1}]}", "unknown-field", "lines[0].price");
    }

    @Test
    void notWellFormed() {
        assertRefused("{\"name\":", "malformed-request", null);
        assertRefused("{name:1}", "malformed-request", null);
        assertRefused("garbage", "malformed-request", null);
        assertRefused("{\"count\":" + "9".repeat(2000) + "}", "malformed-request", null);
    }
}
