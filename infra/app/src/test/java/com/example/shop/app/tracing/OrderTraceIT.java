package com.example.shop.app.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.example.shop.simulator.ReceivedCall;
import com.example.shop.support.Api;
import com.example.shop.support.CapturedLog;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * One order is one trace: from {@code POST /orders} through the command, the saga's steps and both providers'
 * calls (each failing once first), with every span's parent in it, the W3C {@code traceparent} received by the
 * providers, the audit trail's trace id, and every log line of the order naming the trace and the request.
 */
// Spring Boot switches tracing off in tests unless asked: no propagation would be configured
@AutoConfigureObservability
@Import(OrderTraceIT.Spans.class)
@TestPropertySource(
        properties = {
            "management.tracing.sampling.probability=1.0",
            // a line per fulfilment step, on the saga's pool threads: the lines the test follows across threads
            "logging.level.com.example.shop.fulfilment.FulfilmentActions=DEBUG"
        })
class OrderTraceIT extends ServiceTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Spans {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Autowired
    private InMemorySpanExporter spans;

    @Autowired
    private SdkTracerProvider tracerProvider;

    private CapturedLog lines;

    @BeforeEach
    void capture() {
        lines = CapturedLog.everything();
    }

    @AfterEach
    void release() {
        lines.close();
    }

    @Test
    void oneOrderIsOneTraceFromTheRequestToTheShippingCall() {
        String sku = unique("TRACE");
        api.post("/products", Api.product(sku, 990, "EUR", 3));
        // each provider fails the step's first attempt; the adapter's retry gets the answer
        paymentGateway.failNext(1);
        shippingCarrier.failNext(1);
        String correlationId = "traced-" + UUID.randomUUID();
        Api.Response placed = api.post("/orders", Api.order("trace", "EUR", sku, 1), "X-Correlation-Id", correlationId);
        assertThat(placed.status()).isEqualTo(202);
        String orderId = placed.json().path("orderId").asText();
        assertThat(awaitEnded(List.of(orderId), Duration.ofSeconds(30))).containsEntry(orderId, "OrderShippedEvent");
        tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);

        SpanData request = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> spans.getFinishedSpanItems().stream()
                                .filter(span -> span.getKind() == SpanKind.SERVER
                                        && "POST".equals(attribute(span, "http.request.method", "method"))
                                        && String.valueOf(attribute(span, "url.path", "uri"))
                                                .startsWith("/orders"))
                                .reduce((first, second) -> second)
                                .orElse(null),
                        span -> span != null);
        String traceId = request.getTraceId();
        List<SpanData> trace = spans.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(traceId))
                .toList();
        Map<String, SpanData> byId =
                trace.stream().collect(Collectors.toMap(SpanData::getSpanId, span -> span, (a, b) -> a));
        String names = trace.stream().map(SpanData::getName).sorted().collect(Collectors.joining("\n"));

        SpanData command = one(trace, span -> span.getName().contains("PlaceOrderCommand"), names);
        SpanData sagaStart = one(trace, span -> span.getName().contains("OrderFulfilmentSaga"), names);
        List<SpanData> paymentCalls = clientCallsTo(trace, paymentGateway.port());
        List<SpanData> shippingCalls = clientCallsTo(trace, shippingCarrier.port());
        assertThat(paymentCalls).as("payment calls in the trace:\n" + names).hasSizeGreaterThanOrEqualTo(2);
        assertThat(shippingCalls).as("shipping calls in the trace:\n" + names).hasSizeGreaterThanOrEqualTo(2);
        for (SpanData span :
                List.of(command, sagaStart, paymentCalls.get(0), shippingCalls.get(shippingCalls.size() - 1))) {
            assertThat(descendsFrom(span, request, byId))
                    .as(span.getName() + " descends from the request\n" + names)
                    .isTrue();
        }

        // the providers received the trace; the audit trail names the same one
        assertThat(callsFor(paymentGateway.received(), orderId))
                .extracting(ReceivedCall::traceparent)
                .allSatisfy(traceparent -> assertThat(traceparent).contains(traceId));
        assertThat(callsFor(shippingCarrier.received(), orderId))
                .extracting(ReceivedCall::traceparent)
                .allSatisfy(traceparent -> assertThat(traceparent).contains(traceId));
        List<JsonNode> events = Api.parse(api.get("/admin/audit/correlations/" + correlationId + "/events")
                        .rawBody())
                .findValues("metadata");
        assertThat(events)
                .isNotEmpty()
                .allSatisfy(metadata ->
                        assertThat(metadata.path("traceId").asText()).isEqualTo(traceId));

        // every line of the order, on every thread, names its trace and its request
        List<ILoggingEvent> orderLines = lines.events().stream()
                .filter(line -> line.getFormattedMessage().contains(orderId)
                        || correlationId.equals(line.getMDCPropertyMap().get("correlationId")))
                .toList();
        assertThat(orderLines)
                .as("lines of the order")
                .extracting(ILoggingEvent::getThreadName)
                .anyMatch(thread -> thread.startsWith("fulfilment"));
        assertThat(orderLines).allSatisfy(line -> {
            assertThat(line.getMDCPropertyMap())
                    .containsEntry("traceId", traceId)
                    .containsEntry("correlationId", correlationId);
            assertThat(line.getMDCPropertyMap().get("spanId")).matches("[0-9a-f]{16}");
        });
    }

    private static Object attribute(SpanData span, String... keys) {
        for (String key : keys) {
            Object value = span.getAttributes().asMap().entrySet().stream()
                    .filter(entry -> entry.getKey().getKey().equals(key))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static SpanData one(List<SpanData> trace, Predicate<SpanData> which, String names) {
        List<SpanData> matching = trace.stream().filter(which).toList();
        assertThat(matching).as("spans of the trace:\n" + names).isNotEmpty();
        return matching.get(0);
    }

    private static List<SpanData> clientCallsTo(List<SpanData> trace, int port) {
        return trace.stream()
                .filter(span -> span.getKind() == SpanKind.CLIENT)
                .filter(span -> span.getAttributes().asMap().values().stream()
                        .anyMatch(value -> String.valueOf(value).contains(":" + port)
                                || String.valueOf(value).equals(String.valueOf(port))))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                .toList();
    }

    private static boolean descendsFrom(SpanData span, SpanData ancestor, Map<String, SpanData> byId) {
        SpanData current = span;
        for (int depth = 0; current != null && depth < 100; depth++) {
            if (current.getSpanId().equals(ancestor.getSpanId())) {
                return true;
            }
            current = byId.get(current.getParentSpanId());
        }
        return false;
    }

    private static List<ReceivedCall> callsFor(List<ReceivedCall> calls, String orderId) {
        return calls.stream()
                .filter(call ->
                        call.idempotencyKey() != null && call.idempotencyKey().contains(orderId))
                .toList();
    }
}
