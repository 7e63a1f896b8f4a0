package com.example.shop.devstack;

import static com.example.shop.devstack.Nodes.NO_POSTGRES;
import static com.example.shop.devstack.Nodes.find;
import static com.example.shop.devstack.Nodes.freePort;
import static com.example.shop.devstack.Nodes.listening;
import static com.example.shop.devstack.Nodes.node;
import static com.example.shop.devstack.Nodes.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.simulator.PaymentGatewaySimulator;
import com.example.shop.simulator.ShippingCarrierSimulator;
import com.example.shop.simulator.SimulatedProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Several nodes on one machine with one set of shared parts: the wire server and both simulators run once, in
 * {@link SharedDevStack}, and a node given their addresses starts none of its own.
 */
class SharedDevStackTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    @TempDir
    Path dataDir;

    @Test
    void nodesGivenTheSharedAddressesStartNoServersAndShareOneLedgerAndOneReadStore() throws Exception {
        int mongoPort = freePort();
        int paymentPort = freePort();
        int shippingPort = freePort();
        // what a node would start if it were not given the shared addresses
        int nodePaymentPort = freePort();
        int nodeShippingPort = freePort();
        try (ConfigurableApplicationContext shared = SharedDevStack.start(
                NO_POSTGRES,
                "--shop.embedded.mongo.port=" + mongoPort,
                "--shop.embedded.mongo.persistent=false",
                "--shop.simulators.payment.port=" + paymentPort,
                "--shop.simulators.shipping.port=" + shippingPort,
                "--shop.embedded.data-dir=" + dataDir.resolve("shared"))) {
            Environment addresses = shared.getEnvironment();
            String mongoUri = addresses.getProperty("spring.data.mongodb.uri");
            String payment = addresses.getProperty("shop.providers.payment.base-url");
            String shipping = addresses.getProperty("shop.providers.shipping.base-url");
            assertThat(mongoUri).isEqualTo("mongodb://127.0.0.1:" + mongoPort + "/shop");
            assertThat(payment).isEqualTo("http://127.0.0.1:" + paymentPort);
            assertThat(shipping).isEqualTo("http://127.0.0.1:" + shippingPort);
            // it wraps no secrets, so it leaves no development master key behind
            assertThat(dataDir.resolve("shared/master-key")).doesNotExist();

            String[] nodeArgs = {
                NO_POSTGRES,
                "--shop.security.master-key-id=test",
                "--spring.data.mongodb.uri=" + mongoUri,
                "--shop.providers.payment.base-url=" + payment,
                "--shop.providers.shipping.base-url=" + shipping,
                "--shop.simulators.payment.port=" + nodePaymentPort,
                "--shop.simulators.shipping.port=" + nodeShippingPort
            };
            try (ConfigurableApplicationContext first = node(withDataDir(nodeArgs, "first"));
                    ConfigurableApplicationContext second = node(withDataDir(nodeArgs, "second"))) {
                for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {first, second}) {
                    assertThat(node.getBeansOfType(SimulatedProvider.class)).isEmpty();
                    assertThat(node.containsBean("embeddedMongo")).isFalse();
                    assertThat(node.getEnvironment().getProperty("shop.providers.payment.base-url"))
                            .isEqualTo(payment);
                }
                assertThat(listening(nodePaymentPort)).isFalse();
                assertThat(listening(nodeShippingPort)).isFalse();

                // a charge each node sends to its payment address lands in the one ledger
                assertThat(charge(first.getEnvironment().getProperty("shop.providers.payment.base-url"), "order-1")
                                .statusCode())
                        .isEqualTo(201);
                assertThat(charge(second.getEnvironment().getProperty("shop.providers.payment.base-url"), "order-2")
                                .statusCode())
                        .isEqualTo(201);
                assertThat(shared.getBean(PaymentGatewaySimulator.class).ledger())
                        .hasSize(2);
                assertThat(shared.getBeansOfType(ShippingCarrierSimulator.class))
                        .hasSize(1);

                // what one node writes to its read store, the other reads
                roundTrip(
                        first.getEnvironment().getProperty("spring.data.mongodb.uri"),
                        "orders",
                        new Document("_id", "o-1").append("status", "PAID"));
                assertThat(find(second.getEnvironment().getProperty("spring.data.mongodb.uri"), "orders", "o-1"))
                        .containsEntry("status", "PAID");
            }
            // the nodes are gone; the shared parts still serve
            assertThat(listening(mongoPort)).isTrue();
            assertThat(listening(paymentPort)).isTrue();
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !listening(mongoPort) && !listening(paymentPort) && !listening(shippingPort));
    }

    private String[] withDataDir(String[] args, String node) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--shop.embedded.data-dir=" + dataDir.resolve(node);
        return all;
    }

    private static HttpResponse<String> charge(String baseUrl, String reference) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/payments"))
                        .timeout(Duration.ofSeconds(2))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", reference)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"reference\":\"" + reference
                                + "\",\"amountMinor\":1234,\"currency\":\"EUR\",\"cardToken\":\"tok_visa\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
