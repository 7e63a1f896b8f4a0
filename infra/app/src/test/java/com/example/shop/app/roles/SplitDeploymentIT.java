package com.example.shop.app.roles;

import static com.example.shop.support.ClusterContexts.freePort;
import static com.example.shop.support.ClusterContexts.settledEndings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.ShopApplication;
import com.example.shop.app.cluster.ClusterSettings;
import com.example.shop.app.cluster.CommandNodes;
import com.example.shop.app.processors.ProcessorNode;
import com.example.shop.fulfilment.OrderFulfilmentSaga;
import com.example.shop.inventory.StockIds;
import com.example.shop.operations.projections.Projections;
import com.example.shop.order.OrderFailedEvent;
import com.example.shop.order.OrderShippedEvent;
import com.example.shop.query.campaign.CampaignProjection;
import com.example.shop.query.catalog.ProductProjection;
import com.example.shop.query.order.OrderProjection;
import com.example.shop.simulator.PaymentGatewaySimulator;
import com.example.shop.support.Api;
import com.example.shop.support.ClusterContexts;
import com.example.shop.support.ServiceTest;
import com.github.kagkarlsson.scheduler.Scheduler;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.common.caching.Cache;
import org.jgroups.JChannel;
import org.jgroups.View;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A split deployment: a command-only node, a query-only node and a saga-only node (three application contexts on
 * loopback, one database, one MongoDB) fulfil orders together, each doing only its own part: the aggregates are
 * decided on the command node, the read models built on the query node, the saga and its deadlines and provider calls
 * run on the saga node, and every node answers HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SplitDeploymentIT {

    private static final List<String> SHARED = List.of(
            OrderProjection.GROUP,
            ProductProjection.GROUP,
            CampaignProjection.GROUP,
            OrderFulfilmentSaga.PROCESSING_GROUP);

    private ConfigurableApplicationContext commandNode;
    private ConfigurableApplicationContext queryNode;
    private ConfigurableApplicationContext sagaNode;

    @BeforeAll
    void startThreeNodes() throws IOException {
        List<Integer> clusterPorts = List.of(freePort(), freePort(), freePort());
        commandNode = start("command", clusterPorts, 0, ClusterContexts.firstNode());
        String[] shared = ClusterContexts.madeBy(commandNode);
        queryNode = start("query", clusterPorts, 1, shared);
        sagaNode = start("saga", clusterPorts, 2, shared);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> nodes().allMatch(node -> {
                    View view = node.getBean(JChannel.class).getView();
                    return view != null && view.size() == 3;
                }));
        // every segment of every shared processor claimed by its node, and the read models caught up
        JdbcClient jdbc = commandNode.getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from token_entry where owner is not null and processor_name in"
                                        + " (:names)")
                                .param("names", SHARED)
                                .query(Long.class)
                                .single()
                        == 4L * SHARED.size());
        Projections projections = queryNode.getBean(Projections.class);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> SHARED.subList(0, 3).stream()
                        .allMatch(projection -> projections.status(projection).behind() == 0));
    }

    @AfterAll
    void stopNodes() {
        // the first node last: it drops the database they share when it closes
        for (ConfigurableApplicationContext node :
                new ConfigurableApplicationContext[] {sagaNode, queryNode, commandNode}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void threeNodesOfOneRoleEachFulfilOrdersTogetherEachDoingOnlyItsPart() {
        Api viaQuery = admin(queryNode);
        Api viaSaga = admin(sagaNode);
        Api viaCommand = admin(commandNode);
        String sku = "SPLIT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        int stock = 6;
        assertThat(viaQuery.post("/products", Api.product(sku, 700, "EUR", stock))
                        .status())
                .isEqualTo(201);

        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Api via = Stream.of(viaQuery, viaSaga, viaCommand).toList().get(i % 3);
            String order = Api.order("split-customer-" + i, "EUR", sku, 1);
            // a client that honours Retry-After: an order shed while the read model looks behind is sent again
            Api.Response placed = await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> via.post("/orders", order),
                            answer -> !(answer.status() == 503
                                    && answer.headers()
                                            .firstValue("Retry-After")
                                            .isPresent()));
            assertThat(placed.status()).as("%s", placed).isEqualTo(202);
            orderIds.add(placed.json().path("orderId").asText());
        }

        JdbcClient jdbc = commandNode.getBean(JdbcClient.class);
        Map<String, String> endings = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> settledEndings(jdbc, orderIds), settled -> settled.size() == orderIds.size());
        assertThat(endings.values().stream().filter(OrderShippedEvent.class.getName()::equals))
                .as("exactly the stock ships")
                .hasSize(stock);
        assertThat(endings.values()).containsOnly(OrderShippedEvent.class.getName(), OrderFailedEvent.class.getName());

        // the read models, built on the query node only, are read on every node
        for (Api via : List.of(viaQuery, viaSaga, viaCommand)) {
            for (String orderId : orderIds) {
                String expected = endings.get(orderId).endsWith("OrderShippedEvent") ? "SHIPPED" : "FAILED";
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> expected.equals(via.get("/orders/" + orderId)
                                .json()
                                .path("status")
                                .asText()));
            }
        }

        // each part ran where its role is: segments claimed, aggregates cached, providers called, deadlines run
        Map<String, String> ownerOf =
                Map.of(nodeId(commandNode), "command", nodeId(queryNode), "query", nodeId(sagaNode), "saga");
        Map<String, Set<String>> claimedBy = jdbc
                .sql("select processor_name, owner from token_entry where owner is"
                        + " not null and processor_name in (:names)")
                .param("names", SHARED)
                .query((row, n) -> Map.entry(row.getString(1), ownerOf.getOrDefault(row.getString(2), "unknown")))
                .list()
                .stream()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toSet())));
        assertThat(claimedBy)
                .containsEntry(OrderProjection.GROUP, Set.of("query"))
                .containsEntry(ProductProjection.GROUP, Set.of("query"))
                .containsEntry(CampaignProjection.GROUP, Set.of("query"))
                .containsEntry(OrderFulfilmentSaga.PROCESSING_GROUP, Set.of("saga"));
        String commandNodeName = commandNode.getBean(ClusterSettings.class).nodeName();
        nodes().forEach(node -> assertThat(node.getBean(CommandNodes.class).members())
                .as("the nodes that own aggregates")
                .containsExactly(commandNodeName));
        for (ConfigurableApplicationContext other : List.of(queryNode, sagaNode)) {
            assertThat(orderIds).noneMatch(orderCache(other)::containsKey);
            assertThat(stockCache(other).containsKey(StockIds.of(sku))).isFalse();
        }
        long shipped = endings.values().stream()
                .filter(OrderShippedEvent.class.getName()::equals)
                .count();
        assertThat(orderIds.stream()
                        .mapToLong(orderId ->
                                sagaNode.getBean(PaymentGatewaySimulator.class).capturedCountFor(orderId))
                        .sum())
                .as("charged by the saga node")
                .isEqualTo(shipped);
        for (ConfigurableApplicationContext other : List.of(commandNode, queryNode)) {
            assertThat(orderIds)
                    .allMatch(orderId ->
                            other.getBean(PaymentGatewaySimulator.class).capturedCountFor(orderId) == 0);
            assertThat(other.getBean(Scheduler.class).getSchedulerState().isStarted())
                    .as("deadlines run on the saga node only")
                    .isFalse();
        }
        assertThat(sagaNode.getBean(Scheduler.class).getSchedulerState().isStarted())
                .isTrue();

        // every node is healthy, and the cluster's table names each node's roles
        nodes().forEach(node ->
                assertThat(admin(node).get("/actuator/health").status()).isEqualTo(200));
        assertThat(jdbc.sql("select roles from cluster_node order by roles")
                        .query(String.class)
                        .list())
                .containsExactly("command", "query", "saga");
    }

    /**
     * Restocks stream in, events the orders read model does not handle. The two nodes that do not build it estimate
     * its lag from what the query node announces, and stay below the admission bound while the query node keeps up;
     * the stored tokens alone would make it look behind (they move only with a batch that handled something, or about
     * every half second). An order sent to either node meanwhile is admitted.
     */
    @Test
    void nodesWithoutTheReadModelSeeItsLagAsTheQueryNodeDoesWhileEventsItIgnoresStreamIn() throws Exception {
        Api viaSaga = admin(sagaNode);
        String restocked =
                "BUSY-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(viaSaga.post("/products", Api.product(restocked, 500, "EUR", 1))
                        .status())
                .isEqualTo(201);
        AtomicBoolean streaming = new AtomicBoolean(true);
        AtomicInteger restocks = new AtomicInteger();
        ExecutorService supplier = Executors.newSingleThreadExecutor();
        try {
            Future<?> supplied = supplier.submit(() -> {
                while (streaming.get()) {
                    Api.Response restock = viaSaga.post("/products/" + restocked + "/restock", "{\"quantity\":1}");
                    assertThat(restock.status()).as("%s", restock).isEqualTo(202);
                    restocks.incrementAndGet();
                }
            });
            List<Double> lagsSeen = new ArrayList<>();
            await().pollInterval(Duration.ofMillis(50))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> {
                        lagsSeen.add(Math.max(projectionLag(commandNode), projectionLag(sagaNode)));

                        return restocks.get() >= 100;
                    });
            for (ConfigurableApplicationContext node : List.of(commandNode, sagaNode)) {
                Api.Response order = admin(node).post("/orders", Api.order("steady-customer", "EUR", restocked, 1));
                assertThat(order.status()).as("%s", order).isEqualTo(202);
            }
            streaming.set(false);
            supplied.get(30, TimeUnit.SECONDS);
            assertThat(lagsSeen)
                    .as("the orders read model's lag in seconds, as the nodes without it saw it")
                    .allSatisfy(lag -> assertThat(lag).isLessThan(0.4));
        } finally {
            streaming.set(false);
            supplier.shutdownNow();
        }
    }

    /** In seconds, as the node's admission control last measured it. */
    private static double projectionLag(ConfigurableApplicationContext node) {
        return node.getBean(MeterRegistry.class)
                .get("shop.orders.projection-lag")
                .gauge()
                .value();
    }

    @Test
    void aNodeWithoutEveryRoleRefusesToStartOutsideACluster() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> new SpringApplicationBuilder(ShopApplication.class)
                                .run("--server.port=0", "--shop.node.roles=query", "--logging.level.root=OFF")))
                .hasStackTraceContaining("shop.node.roles=query")
                .hasStackTraceContaining("shop.cluster.enabled=true");
    }

    private Stream<ConfigurableApplicationContext> nodes() {
        return Stream.of(commandNode, queryNode, sagaNode);
    }

    private static Api admin(ConfigurableApplicationContext node) {
        return new Api(ClusterContexts.webPort(node)).loggedInAs(ServiceTest.ADMIN_EMAIL, ServiceTest.ADMIN_PASSWORD);
    }

    private static String nodeId(ConfigurableApplicationContext node) {
        return node.getBean(ProcessorNode.class).id();
    }

    private static Cache orderCache(ConfigurableApplicationContext node) {
        return node.getBean("orderCache", Cache.class);
    }

    private static Cache stockCache(ConfigurableApplicationContext node) {
        return node.getBean("stockCache", Cache.class);
    }

    private static ConfigurableApplicationContext start(
            String roles, List<Integer> clusterPorts, int index, String... specific) {
        List<String> args = new ArrayList<>(List.of(
                "--shop.node.roles=" + roles,
                // as in ServiceTest: a parked step comes back within the test's patience
                "--shop.fulfilment.retry-after=PT1S",
                "--shop.fulfilment.retry-max=PT4S",
                "--db-scheduler.polling-interval=200ms"));
        args.addAll(List.of(specific));
        return ClusterContexts.start(clusterPorts, index, args.toArray(String[]::new));
    }
}
