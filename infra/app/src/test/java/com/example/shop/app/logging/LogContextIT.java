package com.example.shop.app.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.example.shop.fulfilment.FulfilmentActions;
import com.example.shop.simulator.Faults;
import com.example.shop.support.Api;
import com.example.shop.support.CapturedLog;
import com.example.shop.support.ServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What is logged about an order, on whichever thread (the saga's actions, the retry deadlines), names the
 * request that placed it: its correlation id and its principal, and a trace id (a retry deadline's work is a
 * trace of its own; the correlation id ties them together). One trace per request: {@code OrderTraceIT}.
 */
class LogContextIT extends ServiceTest {

    private CapturedLog lines;

    /** A step's parking is said per order at DEBUG (the provider sums its failures up at WARN). */
    private final ch.qos.logback.classic.Logger actions =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(FulfilmentActions.class);

    private Level actionsLevel;

    @BeforeEach
    void capture() {
        actionsLevel = actions.getLevel();
        actions.setLevel(Level.DEBUG);
        lines = CapturedLog.everything();
    }

    @AfterEach
    void release() {
        lines.close();
        actions.setLevel(actionsLevel);
    }

    @Test
    void everyLineAboutAnOrderNamesTheRequestThatPlacedIt() {
        String sku = unique("LOGS");
        api.post("/products", Api.product(sku, 990, "EUR", 3));
        paymentGateway.faults(Faults.none().withOutage(true));
        String correlationId = "order-logs-" + UUID.randomUUID();
        Api.Response placed = api.post("/orders", Api.order("logs", "EUR", sku, 1), "X-Correlation-Id", correlationId);
        assertThat(placed.status()).isEqualTo(202);
        String orderId = placed.json().path("orderId").asText();

        // parked once by the saga's first attempt and again by a retry deadline
        await().atMost(Duration.ofSeconds(20))
                .until(() -> linesAbout(orderId).stream()
                                .filter(line -> line.getFormattedMessage().contains("parked until its retry"))
                                .count()
                        >= 2);
        paymentGateway.faults(Faults.none());
        awaitEnded(List.of(orderId), Duration.ofSeconds(30));

        List<ILoggingEvent> about = linesAbout(orderId);
        assertThat(about).allSatisfy(line -> {
            assertThat(line.getMDCPropertyMap()).containsEntry("correlationId", correlationId);
            assertThat(line.getMDCPropertyMap().get("traceId")).matches("[0-9a-f]{32}");
            assertThat(line.getMDCPropertyMap().get("principal")).isNotBlank().isNotEqualTo("anonymous");
        });
        // the saga's actions log on a pool of their own, far from the request's thread
        assertThat(about).extracting(ILoggingEvent::getThreadName).noneMatch(name -> name.startsWith("http-"));
    }

    private List<ILoggingEvent> linesAbout(String orderId) {
        return lines.events().stream()
                .filter(line -> line.getFormattedMessage().contains(orderId))
                .toList();
    }
}
