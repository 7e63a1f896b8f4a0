package com.example.shop.app.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.example.shop.ShopApplication;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two nodes, two application contexts on one fresh database and one MongoDB, with a cluster view that the test
 * moves as nodes come and go. The shared processors' four segments end up two and two, every event is handled once
 * by one of the nodes, and the segments of a node that died holding its claims are worked on by the survivor within
 * five seconds.
 */
class ProcessorsOnTwoNodesIT {

    private static final int SEGMENTS = 4;

    private final AtomicInteger liveNodes = new AtomicInteger(1);
    private final ClusterMembership membership = processor -> liveNodes.get();
    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        // the second one first: the first owns the databases
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }

    @Test
    void segmentsAreSharedOutAndADeadNodesSegmentsAreTakenOverWithinFiveSeconds() {
        ConfigurableApplicationContext first = start(
                "--shop.embedded.postgres.prefer-local=true",
                "--shop.embedded.mongo.persistent=false",
                "--shop.security.admin.email=" + ServiceTest.ADMIN_EMAIL,
                "--shop.security.admin.password=" + ServiceTest.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> SharedProcessors.NAMES.stream().allMatch(name -> segments(first, name) == SEGMENTS));

        liveNodes.set(2); // the view as it is once the second node has joined
        String keyId = first.getEnvironment().getProperty("shop.security.master-key-id");
        ConfigurableApplicationContext second = start(
                "--spring.datasource.url=" + first.getEnvironment().getProperty("spring.datasource.url"),
                "--spring.datasource.username=" + first.getEnvironment().getProperty("spring.datasource.username"),
                "--spring.datasource.password=",
                "--spring.data.mongodb.uri=" + first.getEnvironment().getProperty("spring.data.mongodb.uri"),
                "--shop.security.master-key-id=" + keyId,
                "--shop.security.master-keys." + keyId + "="
                        + first.getEnvironment().getProperty("shop.security.master-keys." + keyId),
                "--shop.security.admin.email=" + ServiceTest.ADMIN_EMAIL,
                "--shop.security.admin.password=" + ServiceTest.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> SharedProcessors.NAMES.stream()
                        .allMatch(name -> segments(first, name) == 2 && segments(second, name) == 2));

        Api one = api(first);
        Api two = api(second);
        double handledBefore = handled(first) + handled(second);
        long headBefore = head(first);
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String sku = "NODES-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            skus.add(sku);
            assertThat((i % 2 == 0 ? one : two)
                            .post("/products", Api.product(sku, 500, "EUR", 10 + i))
                            .status())
                    .isEqualTo(201);
        }
        long appended = eventsSince(first, headBefore);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> (long) (handled(first) + handled(second) - handledBefore), equalTo(appended));
        // once, not more: the count stays put
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> (long) (handled(first) + handled(second) - handledBefore), equalTo(appended));
        assertThat(handled(second)).isPositive();
        for (int i = 0; i < skus.size(); i++) {
            assertThat(available(two, skus.get(i))).isEqualTo(10 + i);
        }

        // the second node dies holding its claims: what kill -9 leaves in the token store
        JdbcClient jdbc = first.getBean(JdbcClient.class);
        String owner = second.getBean(ProcessorNode.class).id();
        record Claim(String processor, int segment) {}
        List<Claim> held = jdbc.sql("select processor_name, segment from token_entry where owner = :owner")
                .param("owner", owner)
                .query((row, n) -> new Claim(row.getString(1), row.getInt(2)))
                .list();
        assertThat(held).hasSize(2 * SharedProcessors.NAMES.size());
        nodes.remove(second);
        second.close();
        Instant died = Instant.now();
        held.forEach(claim -> jdbc.sql("update token_entry set owner = :owner, time_stamp = :at"
                        + " where processor_name = :processor and segment = :segment")
                .param("owner", owner)
                .param("at", died.toString())
                .param("processor", claim.processor())
                .param("segment", claim.segment())
                .update());
        // the view has not noticed yet: the survivor still counts two nodes
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> SharedProcessors.NAMES.stream().allMatch(name -> segments(first, name) == SEGMENTS));
        System.out.printf(
                "all segments taken over %d ms after the node died%n",
                Duration.between(died, Instant.now()).toMillis());

        double handledAfterDeath = handled(first);
        long headAfterDeath = head(first);
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String sku = "NODES-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            later.add(sku);
            assertThat(one.post("/products", Api.product(sku, 500, "EUR", 3)).status())
                    .isEqualTo(201);
        }
        long appendedLater = eventsSince(first, headAfterDeath);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> (long) (handled(first) - handledAfterDeath), equalTo(appendedLater));
        later.forEach(sku -> assertThat(available(one, sku)).isEqualTo(3));
    }

    private ConfigurableApplicationContext start(String... arguments) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--shop.embedded.data-dir=target/test-data/processors-" + UUID.randomUUID(),
                "--shop.embedded.delete-data-on-close=true",
                "--shop.simulators.payment.port=0",
                "--shop.simulators.shipping.port=0",
                "--shop.rate-limits.enabled=false",
                "--spring.datasource.hikari.maximum-pool-size=12",
                "--logging.level.root=WARN",
                "--logging.level.com.example.shop.app.processors=INFO"));
        args.addAll(List.of(arguments));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("clusterMembership", membership))
                .run(args.toArray(String[]::new));
        nodes.add(context);
        return context;
    }

    private static Api api(ConfigurableApplicationContext node) {
        Api anonymous =
                new Api(((WebServerApplicationContext) node).getWebServer().getPort());
        String token = anonymous
                .login(ServiceTest.ADMIN_EMAIL, ServiceTest.ADMIN_PASSWORD)
                .json()
                .path("accessToken")
                .asText();
        return anonymous.withToken(token);
    }

    private static int segments(ConfigurableApplicationContext node, String processor) {
        return node.getBean(EventProcessingConfiguration.class)
                .eventProcessor(processor, StreamingEventProcessor.class)
                .orElseThrow()
                .processingStatus()
                .size();
    }

    /**
     * Events the catalog projection handled on this node (each node also counts as ignored the events of segments it
     * does not work on).
     */
    private static double handled(ConfigurableApplicationContext node) {
        FunctionCounter counter = node.getBean(MeterRegistry.class)
                .find("shop.processor.events")
                .tag("processor", "product-catalog")
                .tag("outcome", "success")
                .functionCounter();
        return counter == null ? 0 : counter.count();
    }

    private static long head(ConfigurableApplicationContext node) {
        return node.getBean(JdbcClient.class)
                .sql("select coalesce(max(global_index), -1) from domain_event_entry")
                .query(Long.class)
                .single();
    }

    private static long eventsSince(ConfigurableApplicationContext node, long head) {
        return node.getBean(JdbcClient.class)
                .sql("select count(*) from domain_event_entry where global_index > :head")
                .param("head", head)
                .query(Long.class)
                .single();
    }

    private static long available(Api node, String sku) {
        Api.Response read = node.get("/products/" + sku);
        return read.status() == 200 ? read.json().path("available").asLong() : -1;
    }
}
