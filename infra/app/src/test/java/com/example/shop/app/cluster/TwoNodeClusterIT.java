package com.example.shop.app.cluster;

import static com.example.shop.support.ClusterContexts.freePort;
import static com.example.shop.support.ClusterContexts.settledEndings;
import static com.example.shop.support.ClusterContexts.webPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.campaign.ClaimDiscountsCommand;
import com.example.shop.campaign.CreateCampaignCommand;
import com.example.shop.campaign.DiscountClaimConsumedEvent;
import com.example.shop.campaign.DiscountClaimReleasedEvent;
import com.example.shop.inventory.RestockCommand;
import com.example.shop.inventory.StockIds;
import com.example.shop.inventory.StockReservedEvent;
import com.example.shop.order.OrderFailedEvent;
import com.example.shop.order.OrderShippedEvent;
import com.example.shop.simulator.Faults;
import com.example.shop.simulator.PaymentGatewaySimulator;
import com.example.shop.support.Api;
import com.example.shop.support.ClusterContexts;
import com.example.shop.support.ServiceTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.distributed.Member;
import org.axonframework.common.caching.Cache;
import org.axonframework.extensions.jgroups.commandhandling.JGroupsConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two nodes in one cluster, as two application contexts on loopback: one PostgreSQL database, one MongoDB (the
 * first node's in-process server), two web ports and two JGroups ports. Commands reach the node that owns their
 * aggregate whichever node they were sent to; answers and refusals come back as if handled where they were sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodeClusterIT {

    private ConfigurableApplicationContext nodeA;
    private ConfigurableApplicationContext nodeB;
    private String nameOfA;
    private Api a;
    private Api b;
    private String token;

    @BeforeAll
    void startTwoNodes() throws IOException {
        List<Integer> clusterPorts = List.of(freePort(), freePort());
        nameOfA = "127.0.0.1:" + clusterPorts.get(0);
        nodeA = ClusterContexts.start(clusterPorts, 0, ClusterContexts.firstNode());
        nodeB = ClusterContexts.start(clusterPorts, 1, ClusterContexts.madeBy(nodeA));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> members(nodeA).size() == 2 && members(nodeB).equals(members(nodeA)));
        token = new Api(webPort(nodeA))
                .login(ServiceTest.ADMIN_EMAIL, ServiceTest.ADMIN_PASSWORD)
                .json()
                .path("accessToken")
                .asText();
        a = new Api(webPort(nodeA)).withToken(token);
        b = new Api(webPort(nodeB)).withToken(token);
    }

    @AfterAll
    void stopNodes() {
        // the second node first: the first one drops the database they share when it closes
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void aCommandSentToTheOtherNodeIsDecidedByTheOwnerAndItsAnswerComesBackTyped() {
        String campaignId = ownedByA(id -> new CreateCampaignCommand(id, "x", 1, 1, null, null), "routed");

        assertThat(b.post("/admin/campaigns", campaign(campaignId, 10)).status())
                .isEqualTo(201);
        Api.Response granted = b.post("/campaigns/" + campaignId + "/claims", "{\"customerId\":\"customer-1\"}");
        assertThat(granted.status()).as("%s", granted).isEqualTo(201);
        assertThat(granted.json().path("campaignId").asText()).isEqualTo(campaignId);
        assertThat(granted.json().path("customerId").asText()).isEqualTo("customer-1");
        assertThat(granted.json().path("discountPercent").asInt()).isEqualTo(15);
        assertThat(granted.json().path("claimId").asText()).isNotBlank();
        Api.Response again = b.post("/campaigns/" + campaignId + "/claims", "{\"customerId\":\"customer-1\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("/problems/discount-already-claimed");

        // the owner decided both (its cache holds the campaign); the node they were sent to never loaded it
        assertThat(campaignCache(nodeA).containsKey(campaignId)).isTrue();
        assertThat(campaignCache(nodeB).containsKey(campaignId)).isFalse();
    }

    @Test
    void aRefusalOnTheOwnerReachesTheClientOfTheOtherNodeAsTheSameProblem() {
        Instant now = Instant.now();
        String remote = ownedByA(id -> new CreateCampaignCommand(id, "x", 1, 1, null, null), "refused-remote");
        String local = ownedByA(id -> new CreateCampaignCommand(id, "x", 1, 1, null, null), "refused-local");

        // a rule of the aggregate, without details
        String backwards = """
                {"campaignId":"%s","name":"Backwards","quota":5,"discountPercent":10,"startsAt":"%s","endsAt":"%s"}""";
        Api.Response viaB = b.post("/admin/campaigns", backwards.formatted(remote, now.plusSeconds(60), now));
        Api.Response viaA = a.post("/admin/campaigns", backwards.formatted(local, now.plusSeconds(60), now));
        assertThat(viaB.status()).as("%s", viaB).isEqualTo(422);
        assertThat(viaB.isProblem()).isTrue();
        assertThat(viaB.problemType()).isEqualTo("/problems/invalid-window");
        assertThat(viaB.json()).isEqualTo(viaA.json());

        // a rule of the aggregate, with details
        String ended = """
                {"campaignId":"%s","name":"Ended","quota":5,"discountPercent":10,"startsAt":"%s","endsAt":"%s"}""";
        viaB = b.post("/admin/campaigns", ended.formatted(remote, now.minusSeconds(120), now.minusSeconds(60)));
        viaA = a.post("/admin/campaigns", ended.formatted(local, now.minusSeconds(120), now.minusSeconds(60)));
        assertThat(viaB.status()).as("%s", viaB).isEqualTo(422);
        assertThat(viaB.problemType()).isEqualTo("/problems/campaign-window-ended");
        assertThat(viaB.json().path("field").asText()).isEqualTo("endsAt");
        assertThat(viaB.jsonWithout("detail", "now")).isEqualTo(viaA.jsonWithout("detail", "now"));

        // an aggregate that does not exist, mapped by the controller and by the claim batcher
        String sku = ownedByA(id -> new RestockCommand(id, 1), "GHOST");
        viaB = b.post("/products/" + sku + "/restock", "{\"quantity\":1}");
        assertThat(viaB.status()).as("%s", viaB).isEqualTo(404);
        assertThat(viaB.problemType()).isEqualTo("/problems/unknown-product");
        assertThat(viaB.json())
                .isEqualTo(a.post("/products/" + sku + "/restock", "{\"quantity\":1}")
                        .json());
        String noCampaign = ownedByA(id -> new ClaimDiscountsCommand(id, List.of()), "no-such-campaign");
        viaB = b.post("/campaigns/" + noCampaign + "/claims", "{\"customerId\":\"customer-1\"}");
        assertThat(viaB.status()).as("%s", viaB).isEqualTo(404);
        assertThat(viaB.problemType()).isEqualTo("/problems/campaign-not-found");
        assertThat(viaB.json())
                .isEqualTo(a.post("/campaigns/" + noCampaign + "/claims", "{\"customerId\":\"customer-1\"}")
                        .json());
    }

    @Test
    void claimsAndRestocksSpreadOverBothNodesGiveExactCountsAndNoConflict() throws Exception {
        String campaignId = "hammer-" + UUID.randomUUID();
        int quota = 250;
        assertThat(a.post("/admin/campaigns", campaign(campaignId, quota)).status())
                .isEqualTo(201);
        String sku = "HAMMER-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(b.post("/products", Api.product(sku, 500, "EUR", 10)).status())
                .isEqualTo(201);

        List<Future<Api.Response>> claims = new ArrayList<>();
        List<Future<Api.Response>> restocks = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(24);
        try {
            for (int i = 0; i < 400; i++) {
                Api node = i % 2 == 0 ? a : b;
                String body = "{\"customerId\":\"hammer-customer-" + i + "\"}";
                claims.add(clients.submit(() -> node.post("/campaigns/" + campaignId + "/claims", body)));
                if (i % 2 == 0) {
                    Api other = i % 4 == 0 ? b : a;
                    restocks.add(clients.submit(() -> other.post("/products/" + sku + "/restock", "{\"quantity\":1}")));
                }
            }
            Map<String, Long> claimOutcomes = outcomes(claims);
            Map<String, Long> restockOutcomes = outcomes(restocks);

            assertThat(claimOutcomes)
                    .isEqualTo(Map.of("201", (long) quota, "409 /problems/campaign-sold-out", 400L - quota));
            assertThat(restockOutcomes).isEqualTo(Map.of("202", 200L));
        } finally {
            clients.shutdownNow();
        }
        JdbcClient jdbc = nodeA.getBean(JdbcClient.class);
        assertThat(jdbc.sql("""
                        select coalesce(sum(jsonb_array_length(convert_from(payload, 'UTF8')::jsonb -> 'grants')), 0)
                        from domain_event_entry where aggregate_identifier = :campaign""").param("campaign", campaignId).query(Long.class).single())
                .as("grants stored")
                .isEqualTo(quota);
        assertThat(jdbc.sql("""
                        select count(*) from domain_event_entry
                        where aggregate_identifier = :stock and payload_type like '%StockRestockedEvent'""")
                        .param("stock", StockIds.of(sku))
                        .query(Long.class)
                        .single())
                .as("restocks stored")
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> available(a, sku) == 210 && available(b, sku) == 210);
    }

    /**
     * Orders for one hot SKU, half of them with a flash-sale discount, claimed and placed on both nodes at once; the
     * sagas reserve each line and the claim at their owners. Demand exceeds stock: every order ends, exactly the stock
     * ships, nothing is reserved twice or left reserved, no claim is consumed twice, nobody is charged twice, and the
     * status stream of an order on either node (one of them runs no part of the orders projection for it) tells
     * every step up to SHIPPED.
     */
    @Test
    void ordersForOneHotSkuWithClaimsOnBothNodesShipExactlyTheStock() throws Exception {
        String sku = "HOT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        int stock = 30;
        int customers = 40;
        int quota = 20;
        String campaignId = "hot-" + UUID.randomUUID();
        assertThat(a.post("/products", Api.product(sku, 1000, "EUR", stock)).status())
                .isEqualTo(201);
        assertThat(b.post("/admin/campaigns", campaign(campaignId, quota)).status())
                .isEqualTo(201);

        ExecutorService clients = Executors.newFixedThreadPool(16);
        Map<String, String> claimIds = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Future<String>> placed = new ArrayList<>();
        try {
            for (int i = 0; i < customers; i++) {
                String customer = "hot-customer-" + i;
                Api claimVia = i % 2 == 0 ? a : b;
                Api orderVia = i % 2 == 0 ? b : a;
                placed.add(clients.submit(() -> {
                    Api.Response claim = claimVia.post(
                            "/campaigns/" + campaignId + "/claims", "{\"customerId\":\"" + customer + "\"}");
                    String discount = "";
                    if (claim.status() == 201) {
                        claimIds.put(customer, claim.json().path("claimId").asText());
                        discount = ",\"discountClaim\":{\"campaignId\":\"" + campaignId + "\",\"claimId\":\""
                                + claim.json().path("claimId").asText() + "\"}";
                    } else if (!"/problems/campaign-sold-out".equals(claim.problemType())) {
                        unexpected.add("claim " + claim);
                    }
                    String body = Api.order(customer, "EUR", sku, 1);
                    String withDiscount = body.substring(0, body.length() - 1) + discount + "}";
                    // a client that honours Retry-After: a shed order (503 overloaded) is sent again
                    Api.Response order = await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(500))
                            .until(
                                    () -> orderVia.post("/orders", withDiscount),
                                    answer -> !(answer.status() == 503
                                            && "/problems/overloaded".equals(answer.problemType())
                                            && answer.headers()
                                                    .firstValue("Retry-After")
                                                    .isPresent()));
                    if (order.status() != 202) {
                        unexpected.add("order " + order);
                        return null;
                    }
                    return order.json().path("orderId").asText();
                }));
            }
            List<String> orderIds = new ArrayList<>();
            for (Future<String> order : placed) {
                String orderId = order.get();
                if (orderId != null) {
                    orderIds.add(orderId);
                }
            }
            assertThat(unexpected).isEmpty();
            assertThat(orderIds).hasSize(customers);
            assertThat(claimIds).hasSize(quota);

            JdbcClient jdbc = nodeA.getBean(JdbcClient.class);
            Map<String, String> endings = await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> settledEndings(jdbc, orderIds), settled -> settled.size() == orderIds.size());
            List<String> shipped = endings.entrySet().stream()
                    .filter(ending -> ending.getValue().endsWith("OrderShippedEvent"))
                    .map(Map.Entry::getKey)
                    .toList();
            assertThat(shipped).as("exactly the stock ships").hasSize(stock);
            assertThat(endings.values())
                    .containsOnly(OrderShippedEvent.class.getName(), OrderFailedEvent.class.getName());

            List<String> reservations = jdbc.sql("""
                            select convert_from(payload, 'UTF8')::jsonb ->> 'orderId' from domain_event_entry
                            where aggregate_identifier = :stock and payload_type = :type""")
                    .param("stock", StockIds.of(sku))
                    .param("type", StockReservedEvent.class.getName())
                    .query(String.class)
                    .list();
            assertThat(reservations).as("one reservation per shipped order").doesNotHaveDuplicates();
            assertThat(reservations).containsExactlyInAnyOrderElementsOf(shipped);
            // the read model follows: nothing available, nothing left reserved, on both nodes
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            Stream.of(a, b).allMatch(node -> available(node, sku) == 0 && reserved(node, sku) == 0));

            List<String> consumedBy = jdbc.sql("""
                            select convert_from(payload, 'UTF8')::jsonb ->> 'orderId' from domain_event_entry
                            where aggregate_identifier = :campaign and payload_type = :type""")
                    .param("campaign", campaignId)
                    .param("type", DiscountClaimConsumedEvent.class.getName())
                    .query(String.class)
                    .list();
            assertThat(consumedBy).doesNotHaveDuplicates();
            assertThat(shipped)
                    .containsAll(consumedBy.stream()
                            .filter(orderId -> !released(jdbc, campaignId, orderId))
                            .toList());

            for (String orderId : orderIds) {
                long captures = Stream.of(nodeA, nodeB)
                        .mapToLong(node ->
                                node.getBean(PaymentGatewaySimulator.class).capturedCountFor(orderId))
                        .sum();
                assertThat(captures).as("charges of " + orderId).isEqualTo(shipped.contains(orderId) ? 1 : 0);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * A customer erased on one node can no longer be read on the other at once: the other node had their data key
     * cached, and forgets it when told of the erasure instead of when the cache entry expires a minute later.
     */
    @Test
    void anErasureOnOneNodeIsHonouredByTheOtherAtOnce() {
        String sku = "ERASE-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(a.post("/products", Api.product(sku, 900, "EUR", 5)).status())
                .isEqualTo(201);
        String email = "erased-" + UUID.randomUUID() + "@example.test";
        String password = "correct horse battery " + UUID.randomUUID();
        Api.Response registered = new Api(webPort(nodeA)).post("/auth/register", Api.credentials(email, password));
        assertThat(registered.status()).as("%s", registered).isEqualTo(201);
        String customerId = registered.json().path("customerId").asText();
        Api customerOnA = new Api(webPort(nodeA)).loggedInAs(email, password);
        Api customerOnB = new Api(webPort(nodeB)).loggedInAs(email, password);
        String order = """
                {"currency":"EUR","lines":[{"sku":"%s","quantity":1}],
                 "shippingAddress":{"name":"Ada Lovelace","line1":"1 Analytical Row","postalCode":"10001","city":"London","country":"GB"},
                 "payment":{"cardToken":"tok_card_erasure"}}""".formatted(sku);
        // a client that honours Retry-After: a node that has just started may shed an order while it catches up
        Api.Response placed = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> customerOnA.post("/orders", order),
                        answer -> !(answer.status() == 503
                                && answer.headers().firstValue("Retry-After").isPresent()));
        assertThat(placed.status()).as("%s", placed).isEqualTo(202);
        String orderId = placed.json().path("orderId").asText();
        // read on B: B opens the address with the customer's data key and caches the key
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "PRESENT"
                        .equals(customerOnB
                                .get("/orders/" + orderId)
                                .json()
                                .path("personalData")
                                .path("availability")
                                .asText()));

        assertThat(customerOnA
                        .delete("/customers/" + customerId + "/personal-data")
                        .status())
                .isEqualTo(204);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> "ERASED"
                        .equals(b.get("/orders/" + orderId)
                                .json()
                                .path("personalData")
                                .path("availability")
                                .asText()));
        assertThat(b.get("/orders/" + orderId).json().path("personalData").has("shippingAddress"))
                .isFalse();
    }

    @Test
    void theStatusStreamOfAnOrderTellsEveryStepOnEitherNode() throws Exception {
        String sku = "SSE-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(a.post("/products", Api.product(sku, 1000, "EUR", 5)).status())
                .isEqualTo(201);
        Stream.of(nodeA, nodeB)
                .forEach(node -> node.getBean(PaymentGatewaySimulator.class)
                        .faults(Faults.none().withOutage(true))); // holds the order before its payment
        String orderId = a.post("/orders", Api.order("sse-customer", "EUR", sku, 1))
                .json()
                .path("orderId")
                .asText();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> b.get("/orders/" + orderId)
                        .json()
                        .path("status")
                        .asText()
                        .equals("STOCK_RESERVED"));

        List<HttpResponse<Stream<String>>> opened = new ArrayList<>();
        for (ConfigurableApplicationContext node : List.of(nodeA, nodeB)) {
            opened.add(openStatusStream(webPort(node), orderId)); // subscribed once its headers are here
        }
        List<CompletableFuture<List<String>>> streams = opened.stream()
                .map(response -> CompletableFuture.supplyAsync(() -> response.body()
                        .filter(line -> line.startsWith("id:"))
                        .map(line -> line.substring(3).trim())
                        .toList()))
                .toList();
        Stream.of(nodeA, nodeB)
                .forEach(node -> node.getBean(PaymentGatewaySimulator.class).faults(Faults.none()));
        for (CompletableFuture<List<String>> stream : streams) {
            assertThat(stream.get(60, TimeUnit.SECONDS))
                    .as("the steps a stream told")
                    .containsExactly("STOCK_RESERVED", "PAID", "SHIPPED");
        }
    }

    /**
     * A rebuild asked of either node completes: the other node gives up its segments of the projection, the asking
     * one resets every token, both take their segments up again, and the rebuilt read model is the same on both.
     */
    @Test
    void aRebuildStartedOnEitherNodeCompletes() {
        String sku = "REBUILT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(a.post("/products", Api.product(sku, 700, "EUR", 7)).status())
                .isEqualTo(201);
        assertThat(b.post("/products/" + sku + "/restock", "{\"quantity\":3}").status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> available(a, sku) == 10 && available(b, sku) == 10);
        for (Api node : List.of(b, a)) {
            long generation = node.get("/admin/projections/product-catalog")
                    .json()
                    .path("generation")
                    .asLong();
            Api.Response started = node.post("/admin/projections/product-catalog/rebuild", "");
            assertThat(started.status()).as("%s", started).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        var status =
                                node.get("/admin/projections/product-catalog").json();
                        return !status.path("rebuilding").asBoolean()
                                && status.path("generation").asLong() > generation
                                && status.path("behind").asLong() == 0;
                    });
            await().atMost(Duration.ofSeconds(20)).until(() -> available(a, sku) == 10 && available(b, sku) == 10);
        }
    }

    /** The order's status stream on the node at that port. */
    private HttpResponse<Stream<String>> openStatusStream(int port, String orderId) throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + port + "/orders/" + orderId + "/status-events"))
                                .header("Accept", "text/event-stream")
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    private static boolean released(JdbcClient jdbc, String campaignId, String orderId) {
        return jdbc.sql("""
                        select count(*) from domain_event_entry
                        where aggregate_identifier = :campaign and payload_type = :type
                        and convert_from(payload, 'UTF8')::jsonb ->> 'orderId' = :order""")
                        .param("campaign", campaignId)
                        .param("type", DiscountClaimReleasedEvent.class.getName())
                        .param("order", orderId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The status of each answer, with its problem type if it has one, counted. */
    private static Map<String, Long> outcomes(List<Future<Api.Response>> answers) throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (Future<Api.Response> answer : answers) {
            Api.Response response = answer.get();
            outcomes.add(
                    response.isProblem() ? response.status() + " " + response.problemType() : "" + response.status());
        }
        return outcomes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static long reserved(Api node, String sku) {
        Api.Response read = node.get("/products/" + sku);
        return read.status() == 200 ? read.json().path("reserved").asLong() : -1;
    }

    private static long available(Api node, String sku) {
        Api.Response read = node.get("/products/" + sku);
        return read.status() == 200 ? read.json().path("available").asLong() : -1;
    }

    private static String campaign(String campaignId, int quota) {
        Instant now = Instant.now();
        return """
                {"campaignId":"%s","name":"Cluster sale","quota":%d,"discountPercent":15,"startsAt":"%s","endsAt":"%s"}""".formatted(campaignId, quota, now.minusSeconds(60), now.plusSeconds(3600));
    }

    /** An identifier whose commands node A owns, as both nodes see it. */
    private String ownedByA(Function<String, Object> command, String prefix) {
        for (int i = 0; i < 1000; i++) {
            String id =
                    prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            Object sample = command.apply(id);
            if (nameOfA.equals(owner(nodeA, sample)) && nameOfA.equals(owner(nodeB, sample))) {
                return id;
            }
        }
        throw new AssertionError("node A owns no " + prefix + " as both nodes see it; members: " + members(nodeA)
                + " on A, " + members(nodeB) + " on B");
    }

    /** The name of the node that owns the command's aggregate, as the given node sees it. */
    private static String owner(ConfigurableApplicationContext node, Object command) {
        return node.getBean(JGroupsConnector.class)
                .findDestination(GenericCommandMessage.asCommandMessage(command))
                .map(Member::name)
                .orElse(null);
    }

    private static List<String> members(ConfigurableApplicationContext node) {
        return node.getBean(CommandNodes.class).members();
    }

    private static Cache campaignCache(ConfigurableApplicationContext node) {
        return node.getBean("campaignCache", Cache.class);
    }
}
