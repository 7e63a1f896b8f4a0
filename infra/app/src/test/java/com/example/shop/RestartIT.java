package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.simulator.Charge;
import com.example.shop.simulator.Faults;
import com.example.shop.simulator.PaymentGatewaySimulator;
import com.example.shop.simulator.ShippingCarrierSimulator;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The quick-start path: embedded PostgreSQL and the file-backed MongoDB wire server, no local services.
 * The service stops while a batch of orders is half-way through fulfilment (the payment gateway answers
 * slowly). After the restart every saga completes from its stored state and persistent deadlines, the
 * read models catch up, and the providers' ledgers, which outlive the service here, show no double charge.
 */
class RestartIT {

    private static final int ORDERS = 12;

    @TempDir
    Path dataDir;

    private PaymentGatewaySimulator payments;
    private ShippingCarrierSimulator carrier;

    @BeforeEach
    void startProviders() {
        payments = new PaymentGatewaySimulator(0).start();
        carrier = new ShippingCarrierSimulator(0).start();
    }

    @AfterEach
    void stopProviders() {
        payments.close();
        carrier.close();
    }

    private ConfigurableApplicationContext start() {
        // arguments, not builder properties: those rank below application.properties
        return new SpringApplicationBuilder(ShopApplication.class)
                .run(
                        "--server.port=0",
                        "--shop.embedded.data-dir=" + dataDir,
                        "--shop.embedded.postgres.prefer-local=false",
                        "--shop.providers.payment.base-url=" + payments.baseUrl(),
                        "--shop.providers.shipping.base-url=" + carrier.baseUrl(),
                        "--shop.fulfilment.retry-after=PT1S",
                        "--shop.fulfilment.retry-max=PT2S",
                        "--db-scheduler.polling-interval=200ms",
                        // admission control has tests of its own; a loaded machine must not shed these orders
                        "--shop.orders.admission.max-open-orders=1000000",
                        "--shop.orders.admission.max-projection-lag=PT1H",
                        "--shop.security.admin.email=" + ServiceTest.ADMIN_EMAIL,
                        "--shop.security.admin.password=" + ServiceTest.ADMIN_PASSWORD);
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort())
                .loggedInAs(ServiceTest.ADMIN_EMAIL, ServiceTest.ADMIN_PASSWORD);
    }

    @Test
    void sagasInterruptedByAStopCompleteAfterTheRestart() {
        List<String> orders = new ArrayList<>();
        payments.faults(Faults.none().withLatencyMs(1500));
        try (ConfigurableApplicationContext first = start()) {
            Api api = api(first);
            Api.Response registered = api.post("/products", Api.product("RESTART-1", 700, "EUR", 20));
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            for (int i = 0; i < ORDERS; i++) {
                Api.Response placed = api.post("/orders", Api.order("ivan", "EUR", "RESTART-1", 1));
                assertThat(placed.status()).isEqualTo(202);
                orders.add(placed.json().path("orderId").asText());
            }
            Api.Response cancelled = api.post("/orders/" + orders.get(0) + "/cancel", "{}");
            if ("/problems/concurrent-modification".equals(cancelled.problemType())) {
                // it met the saga's reservation of the same order; that answer asks the caller to retry
                cancelled = api.post("/orders/" + orders.get(0) + "/cancel", "{}");
            }
            assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(202);
            // the gateway has taken a charge and holds its answer for 1.5 s: stop now, with charges in flight
            await().atMost(Duration.ofSeconds(30)).until(() -> payments.requestCount() > 0);
        }
        payments.faults(Faults.none());

        try (ConfigurableApplicationContext second = start()) {
            Api api = api(second);
            Map<String, String> statuses = new HashMap<>();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        for (String orderId : orders) {
                            statuses.put(
                                    orderId,
                                    api.get("/orders/" + orderId)
                                            .json()
                                            .path("status")
                                            .asText());
                        }
                        assertThat(statuses.get(orders.get(0))).isEqualTo("CANCELLED");
                        assertThat(statuses.values().stream().filter("SHIPPED"::equals))
                                .hasSize(ORDERS - 1);
                    });
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode product = api.get("/products/RESTART-1").json();
                assertThat(product.path("available").asLong()).isEqualTo(20 - (ORDERS - 1));
                assertThat(product.path("reserved").asLong()).isZero();
                assertThat(api.get("/customers/ivan/orders?limit=100").json().path("items"))
                        .hasSize(ORDERS);
            });
            assertThat(payments.ledger())
                    .as("charges cut off by the stop were repeated with their key")
                    .anySatisfy(charge -> assertThat(charge.attempts()).isGreaterThan(1));
            for (String orderId : orders) {
                assertThat(payments.capturedCountFor(orderId)).as(orderId).isLessThanOrEqualTo(1);
                boolean shipped = !orderId.equals(orders.get(0));
                assertThat(payments.chargesFor(orderId))
                        .as(orderId)
                        .filteredOn(charge -> charge.status() == Charge.Status.CAPTURED)
                        .hasSize(shipped ? 1 : 0);
                assertThat(carrier.shipmentsFor(orderId)).as(orderId).hasSize(shipped ? 1 : 0);
            }

            // the command side continues from the stored stream, not from zero
            String tooMany = api.post("/orders", Api.order("ivan", "EUR", "RESTART-1", 20 - (ORDERS - 1) + 1))
                    .json()
                    .path("orderId")
                    .asText();
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(api.get("/orders/" + tooMany)
                                    .json()
                                    .path("status")
                                    .asText())
                            .isEqualTo("FAILED"));
        }
    }
}
