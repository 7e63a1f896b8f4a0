package com.example.shop.devstack;

import static com.example.shop.devstack.Nodes.NO_POSTGRES;
import static com.example.shop.devstack.Nodes.find;
import static com.example.shop.devstack.Nodes.freePort;
import static com.example.shop.devstack.Nodes.listening;
import static com.example.shop.devstack.Nodes.node;
import static com.example.shop.devstack.Nodes.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The in-process MongoDB wire server of the embedded defaults, reached through the real driver. */
class EmbeddedMongoTest {

    private static final String NO_MASTER_KEY = "--shop.security.master-key-id=test";
    private static final String NO_SIMULATORS_PAYMENT = "--shop.providers.payment.base-url=http://127.0.0.1:1";
    private static final String NO_SIMULATORS_SHIPPING = "--shop.providers.shipping.base-url=http://127.0.0.1:1";

    @TempDir
    Path dataDir;

    @Test
    void aSingleNodeGetsAServerOnAnyFreePortUnlessToldOtherwise() {
        try (ConfigurableApplicationContext node = node(args("--shop.embedded.mongo.persistent=false"))) {
            String uri = node.getEnvironment().getProperty("spring.data.mongodb.uri");
            int port = URI.create(uri).getPort();
            assertThat(port).isPositive();
            assertThat(roundTrip(uri, "things", new Document("_id", "a").append("n", 1)))
                    .containsEntry("n", 1);
        }
    }

    @Test
    void listensOnTheConfiguredPortAcrossRestartsAndFreesItWhenStopped() {
        int port = freePort();
        String expectedUri = "mongodb://127.0.0.1:" + port + "/shop";
        try (ConfigurableApplicationContext node = node(args("--shop.embedded.mongo.port=" + port))) {
            assertThat(node.getEnvironment().getProperty("spring.data.mongodb.uri"))
                    .isEqualTo(expectedUri);
            roundTrip(expectedUri, "things", new Document("_id", "kept").append("n", 2));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !listening(port));

        // the same address after a restart, so the nodes pointed at it need no new setting; the data is kept
        try (ConfigurableApplicationContext node = node(args("--shop.embedded.mongo.port=" + port))) {
            assertThat(node.getEnvironment().getProperty("spring.data.mongodb.uri"))
                    .isEqualTo(expectedUri);
            assertThat(find(expectedUri, "things", "kept")).containsEntry("n", 2);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !listening(port));
    }

    @Test
    void aTakenPortStopsTheStartWithAMessageThatNamesTheSetting() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> node(args(
                                    "--shop.embedded.mongo.persistent=false",
                                    "--shop.embedded.mongo.port=" + taken.getLocalPort()))
                            .close())
                    .hasStackTraceContaining("shop.embedded.mongo.port")
                    .hasStackTraceContaining(String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> node(args("--shop.embedded.mongo.port=70000")).close())
                .hasStackTraceContaining("shop.embedded.mongo.port must be 0 to 65535, was 70000");
    }

    @Test
    void aNodeGivenAMongoUriStartsNoServer() {
        int port = freePort();
        try (ConfigurableApplicationContext node = node(args(
                "--spring.data.mongodb.uri=mongodb://127.0.0.1:" + port + "/shop",
                "--shop.embedded.mongo.port=" + port))) {
            assertThat(node.containsBean("embeddedMongo")).isFalse();
            assertThat(listening(port)).isFalse();
        }
    }

    private String[] args(String... more) {
        String[] common = {
            NO_POSTGRES,
            NO_MASTER_KEY,
            NO_SIMULATORS_PAYMENT,
            NO_SIMULATORS_SHIPPING,
            "--shop.embedded.data-dir=" + dataDir
        };
        String[] all = new String[common.length + more.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return all;
    }
}
