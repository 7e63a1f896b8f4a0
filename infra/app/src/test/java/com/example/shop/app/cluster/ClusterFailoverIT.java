package com.example.shop.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.campaign.DiscountClaimsGrantedEvent;
import com.example.shop.fulfilment.OrderFulfilmentSaga;
import com.example.shop.inventory.StockCommittedEvent;
import com.example.shop.inventory.StockIds;
import com.example.shop.inventory.StockReservedEvent;
import com.example.shop.order.OrderCancelledEvent;
import com.example.shop.order.OrderFailedEvent;
import com.example.shop.order.OrderPlacedEvent;
import com.example.shop.order.OrderShippedEvent;
import com.example.shop.order.OrderStockCommittedEvent;
import com.example.shop.order.OrderStockReleasedEvent;
import com.example.shop.query.campaign.CampaignProjection;
import com.example.shop.query.catalog.ProductProjection;
import com.example.shop.query.order.OrderProjection;
import com.example.shop.support.Api;
import com.example.shop.support.NodeProcesses;
import com.example.shop.support.NodeProcesses.Node;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A node of a three-node cluster killed with {@code kill -9} under load. Three JVMs of {@code shop-dev.jar} form one
 * cluster on one fresh database, a fourth runs the shared parts (MongoDB wire server, payment and shipping simulators).
 * Every node takes discount claims for one campaign (far more claimers than its quota), orders for one hot SKU (more
 * orders than stock) and orders of ample SKUs at once; in the middle of it, the node that holds the most segments of
 * the shared processors is killed. Nothing answered is lost, no rule gives way (quota, one claim per customer, no
 * oversell, one charge per order), the survivors answer cleanly, take over every segment within five seconds, and
 * see every order to its end. Every check runs and a failure lists them all; the processes' logs stay in
 * {@code target/cluster-failover/}, with what the store held of any order that did not end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterFailoverIT {

    private static final int NODES = 3;
    private static final int QUOTA = 60;
    private static final int CLAIMERS = 110;
    /** Claims sent again, late in the load, by customers who claimed early. */
    private static final int REPEATED_CLAIMS = 20;

    private static final int HOT_STOCK = 15;
    private static final int HOT_ORDERS = 45;
    private static final int AMPLE_ORDERS = 45;
    private static final int AMPLE_STOCK = 1000;
    /** A request every this often, spread over the nodes in turn: the load lasts about nine seconds. */
    private static final Duration PACE = Duration.ofMillis(40);
    /** The kill comes once this share of the requests has been answered. */
    private static final double KILLED_AFTER = 0.3;

    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(5);
    private static final List<String> SHARED_PROCESSORS = List.of(
            OrderProjection.GROUP,
            ProductProjection.GROUP,
            CampaignProjection.GROUP,
            OrderFulfilmentSaga.PROCESSING_GROUP);
    private static final int SEGMENTS = 4;

    private static final String OVERLOADED = "/problems/overloaded";
    /** The command's node left before it answered: outcome unknown, so not sent again by this test's clients. */
    private static final String NODE_UNAVAILABLE = "/problems/node-unavailable";

    private static final Set<String> CLAIM_REFUSALS =
            Set.of("409 /problems/campaign-sold-out", "409 /problems/discount-already-claimed");

    private final long classStarted = System.nanoTime();
    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    private NodeProcesses cluster;
    private String token;

    @BeforeAll
    void startCluster() throws Exception {
        Path runDirectory = Path.of(
                "target",
                "cluster-failover",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + run);
        cluster = NodeProcesses.start(
                NODES,
                runDirectory,
                List.of(
                        // every request of this test comes from one address
                        "--shop.rate-limits.enabled=false",
                        // three nodes and whatever else runs on this machine within PostgreSQL's 100 connections
                        "--spring.datasource.hikari.maximum-pool-size=20",
                        // a saga step without an outcome (its node died) is retried within a test's patience; under
                        // this load a retry also fires while a slow step is still under way, often on another node
                        // than the one handling the step's outcome
                        "--shop.fulfilment.retry-after=PT1S",
                        "--shop.fulfilment.retry-max=PT4S",
                        "--db-scheduler.polling-interval=200ms",
                        "--shop.logging.console=text",
                        // for a failure's diagnosis: which node ran which step of which order, and when
                        "--logging.level.com.example.shop.fulfilment.FulfilmentActions=DEBUG"));
        System.out.printf("Cluster started in %d ms: %s%n", sinceStart().toMillis(), cluster.nodes());
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        System.out.printf("The class took %d ms%n", sinceStart().toMillis());
    }

    @Test
    void aNodeKilledUnderLoadLosesNothingAndTheSurvivorsTakeOverItsWork() throws Exception {
        try {
            killANodeUnderLoadAndCheckEverything();
        } catch (Throwable failure) {
            System.err.println("Node logs: " + cluster.logs());
            throw failure;
        }
    }

    private void killANodeUnderLoadAndCheckEverything() throws Exception {
        List<Node> nodes = cluster.nodes();
        token = nodes.get(0)
                .api()
                .login(ServiceTest.ADMIN_EMAIL, ServiceTest.ADMIN_PASSWORD)
                .json()
                .path("accessToken")
                .asText();
        List<String> everyNode = nodes.stream().map(Node::clusterName).sorted().toList();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> nodes.stream()
                        .allMatch(
                                node -> NodeProcesses.membersSeenBy(node, token).equals(everyNode)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sharedClaims().size() == SHARED_PROCESSORS.size() * SEGMENTS
                        && sharedClaims().values().stream().allMatch(Objects::nonNull));

        String campaignId = "failover-" + run;
        String hotSku = "HOT-" + run;
        List<String> ampleSkus = List.of("AMPLE-A-" + run, "AMPLE-B-" + run, "AMPLE-C-" + run);
        Api first = api(nodes.get(0));
        assertThat(first.post("/admin/campaigns", campaign(campaignId)).status())
                .isEqualTo(201);
        assertThat(api(nodes.get(1))
                        .post("/products", Api.product(hotSku, 1500, "EUR", HOT_STOCK))
                        .status())
                .isEqualTo(201);
        for (String sku : ampleSkus) {
            assertThat(api(nodes.get(2))
                            .post("/products", Api.product(sku, 700, "EUR", AMPLE_STOCK))
                            .status())
                    .isEqualTo(201);
        }

        Load load = new Load(plan(campaignId, hotSku, ampleSkus), nodes);
        long loadStarted = System.nanoTime();
        load.start();
        Node victim;
        long killedAt;
        Duration takeover;
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> load.answered() >= KILLED_AFTER * load.size());
            victim = nodeWithMostSegments();
            List<Node> survivors = cluster.nodesBut(victim);
            Map<String, Long> before = segmentsPerNode();
            killedAt = System.nanoTime();
            assertThat(victim.kill())
                    .as("exit status of %s after SIGKILL", victim)
                    .isEqualTo(137);
            load.killed(victim, killedAt);
            System.out.printf(
                    "Killed %s after %d of %d requests were answered, %d ms into the load; segments before: %s%n",
                    victim,
                    load.answered(),
                    load.size(),
                    Duration.ofNanos(killedAt - loadStarted).toMillis(),
                    before);

            Set<Long> survivorPids = survivors.stream().map(Node::pid).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(25))
                    .until(() -> sharedClaims().values().stream()
                            .allMatch(owner -> cluster.nodeOfOwner(owner)
                                    .map(node -> survivorPids.contains(node.pid()))
                                    .orElse(false)));
            takeover = Duration.ofNanos(System.nanoTime() - killedAt);
            System.out.printf(
                    "The survivors owned every segment of every shared processor %d ms after the kill: %s%n",
                    takeover.toMillis(), segmentsPerNode());

            List<String> survivorNames =
                    survivors.stream().map(Node::clusterName).sorted().toList();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> survivors.stream()
                            .allMatch(node ->
                                    NodeProcesses.membersSeenBy(node, token).equals(survivorNames)));
            System.out.printf(
                    "Both survivors saw a cluster of two %d ms after the kill%n",
                    Duration.ofNanos(System.nanoTime() - killedAt).toMillis());

            assertThat(load.awaitAllAnswered(Duration.ofSeconds(90)))
                    .as("every request answered or failed")
                    .isTrue();
        } finally {
            load.stop();
        }
        System.out.printf(
                "Load of %d requests (%d attempts) over %d ms%n",
                load.size(),
                load.attempts.size(),
                Duration.ofNanos(System.nanoTime() - loadStarted).toMillis());
        load.printTally();

        // every check runs, so that a failing run shows all that went wrong at once
        SoftAssertions bar = new SoftAssertions();
        bar.assertThat(load.serverErrors())
                .as("5xx answers other than a clean 503 with Retry-After (none from a survivor)")
                .isEmpty();
        bar.assertThat(load.undocumentedRefusals())
                .as("4xx answers the product does not document for the request")
                .isEmpty();
        bar.assertThat(load.attempts.stream().filter(Attempt::failedToConnect))
                .as("connection errors other than to the killed node after its kill")
                .allMatch(attempt -> attempt.node() == victim && attempt.endedAt() >= killedAt);
        bar.assertThat(load.attempts.stream()
                        .filter(attempt -> attempt.node() != victim && attempt.sentAt() >= killedAt)
                        .filter(attempt -> attempt.status() / 100 == 2))
                .as("successes of the survivors after the kill")
                .isNotEmpty();

        JdbcClient jdbc = cluster.database();
        // nothing answered is lost
        Map<String, String> placed = placedOrders(jdbc);
        List<String> acceptedOrders = load.successes(Kind.HOT_ORDER, Kind.AMPLE_ORDER);
        bar.assertThat(placed.keySet()).as("orders placed in the store").containsAll(acceptedOrders);
        Map<String, String> grants = grants(bar, jdbc, campaignId);
        bar.assertThat(grants).as("grants in the store").containsAllEntriesOf(load.grantedClaims());
        System.out.printf(
                "%d claims granted in the store (%d answered 201, %d granted although the request was answered %s)%n",
                grants.size(),
                load.grantedClaims().size(),
                grants.size() - load.grantedClaims().size(),
                load.heldWithoutSuccess(Set.of(Kind.CLAIM), new HashSet<>(grants.values())));

        // the rules held
        bar.assertThat(grants).as("claims granted").hasSize(QUOTA);
        bar.assertThat(new HashSet<>(grants.values()))
                .as("customers granted a claim, each once")
                .hasSize(grants.size());
        bar.assertThat(ordersOf(placed, hotSku)).as("hot orders placed").hasSizeGreaterThan(HOT_STOCK);
        checkStockNeverOversold(bar, jdbc, hotSku);

        // every order ends and settles, no saga is left, nobody is charged twice
        Map<String, String> endings = awaitEndedAndSettled(jdbc, placed.keySet(), Duration.ofSeconds(30));
        Set<String> unfinished = new HashSet<>(placed.keySet());
        unfinished.removeAll(endings.keySet());
        bar.assertThat(unfinished).as("orders that did not end and settle").isEmpty();
        if (!unfinished.isEmpty()) {
            dumpUnfinished(jdbc, unfinished);
        }
        Map<String, Long> placedWithoutSuccess =
                load.heldWithoutSuccess(Set.of(Kind.HOT_ORDER, Kind.AMPLE_ORDER), customersWithOrders(jdbc));
        List<String> failures = failureReasons(jdbc, placed.keySet());
        bar.assertThat(failures).as("failure reasons").noneMatch(reason -> reason == null || reason.isBlank());
        System.out.printf(
                "%d orders in the store (%d answered 202, %d placed although their request was answered %s);"
                        + " endings %s (hot SKU: %s); failure reasons %s%n",
                placed.size(),
                acceptedOrders.size(),
                placed.size() - acceptedOrders.size(),
                placedWithoutSuccess,
                count(endings.values()),
                count(ordersOf(placed, hotSku).stream()
                        .map(orderId -> endings.getOrDefault(orderId, "not ended"))
                        .toList()),
                count(failures));
        bar.assertThat(endings.values()).as("how orders ended").doesNotContain("OrderCancelledEvent");
        bar.assertThat(ordersOf(placed, hotSku).stream()
                        .filter(orderId -> "OrderShippedEvent".equals(endings.get(orderId))))
                .as("hot orders shipped")
                .hasSizeLessThanOrEqualTo(HOT_STOCK);
        bar.assertThat(placed.entrySet().stream()
                        .filter(order -> ampleSkus.contains(order.getValue()))
                        .filter(order -> !"OrderShippedEvent".equals(endings.get(order.getKey())))
                        .map(order -> order.getKey() + " " + endings.getOrDefault(order.getKey(), "not ended")))
                .as("orders of ample SKUs that did not ship")
                .isEmpty();
        bar.assertThat(awaitNoSagas(jdbc, Duration.ofSeconds(15)))
                .as("sagas left in saga_entry")
                .isZero();
        checkLedgers(bar, placed.keySet(), endings);
        bar.assertThat(takeover)
                .as("time until the survivors owned every segment")
                .isLessThanOrEqualTo(TAKEOVER_BOUND);
        System.out.printf(
                "Takeover gap %d ms; checks done %d ms after the class started%n",
                takeover.toMillis(), sinceStart().toMillis());
        bar.assertAll();
    }

    // ---- the load ---------------------------------------------------------------------------------------------

    private enum Kind {
        CLAIM,
        HOT_ORDER,
        AMPLE_ORDER
    }

    /** The request at this place in the load, to the node with this index. */
    private record Planned(int place, Kind kind, String path, String body, int node) {}

    /** One attempt of a request: its answer (status and problem type, the id it created) or its connection error. */
    private record Attempt(
            Planned request,
            Node node,
            long sentAt,
            long endedAt,
            int status,
            String problemType,
            boolean retryAfter,
            String createdId,
            String customerId,
            String body,
            String error) {

        boolean failedToConnect() {
            return error != null;
        }

        String outcome() {
            if (error != null) {
                return "connection error";
            }
            return status + (problemType == null ? "" : " " + problemType);
        }
    }

    /**
     * Claims of distinct customers, some of them sent again later, and orders of the hot and the ample
     * SKUs, shuffled (with a fixed seed) and sent to the nodes in turn.
     */
    private List<Planned> plan(String campaignId, String hotSku, List<String> ampleSkus) {
        Random random = new Random(21);
        List<Kind> kinds = new ArrayList<>();
        kinds.addAll(Collections.nCopies(CLAIMERS, Kind.CLAIM));
        kinds.addAll(Collections.nCopies(HOT_ORDERS, Kind.HOT_ORDER));
        kinds.addAll(Collections.nCopies(AMPLE_ORDERS, Kind.AMPLE_ORDER));
        Collections.shuffle(kinds, random);
        List<String> bodies = new ArrayList<>();
        List<String> claimers = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            String customer = "customer-" + run + "-" + i;
            bodies.add(
                    switch (kinds.get(i)) {
                        case CLAIM -> {
                            claimers.add(customer);
                            yield claim(customer);
                        }
                        case HOT_ORDER -> Api.order(customer, "EUR", hotSku, 1);
                        case AMPLE_ORDER -> Api.order(customer, "EUR", ampleSkus.get(i % ampleSkus.size()), 1 + i % 3);
                    });
        }
        // customers who claimed in the first third claim again in the second half
        List<Integer> repeats = new ArrayList<>();
        for (int i = 0; i < REPEATED_CLAIMS; i++) {
            repeats.add(kinds.size() / 2 + random.nextInt(kinds.size() / 2));
        }
        Collections.sort(repeats, Collections.reverseOrder());
        List<String> early = claimers.subList(0, claimers.size() / 3);
        for (int position : repeats) {
            kinds.add(position, Kind.CLAIM);
            bodies.add(position, claim(early.get(random.nextInt(early.size()))));
        }
        List<Planned> plan = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            String path = kinds.get(i) == Kind.CLAIM ? "/campaigns/" + campaignId + "/claims" : "/orders";
            plan.add(new Planned(i, kinds.get(i), path, bodies.get(i), i % NODES));
        }
        return plan;
    }

    /**
     * Sends the planned requests at a steady pace from a pool of clients; a request refused with 503 and Retry-After
     * is sent again to the same node after the time it names (three times at most), as a polite client does.
     */
    private final class Load {

        private static final int ATTEMPTS = 4;

        private final List<Planned> plan;
        private final List<Node> nodes;
        private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
        private final CountDownLatch outstanding;
        private final AtomicInteger next = new AtomicInteger();
        private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        private final ExecutorService clients = Executors.newFixedThreadPool(32);
        private volatile Node victim;
        private volatile long killedAt = Long.MAX_VALUE;

        Load(List<Planned> plan, List<Node> nodes) {
            this.plan = plan;
            this.nodes = nodes;
            this.outstanding = new CountDownLatch(plan.size());
        }

        int size() {
            return plan.size();
        }

        long answered() {
            return plan.size() - outstanding.getCount();
        }

        void start() {
            pacer.scheduleAtFixedRate(
                    () -> {
                        int index = next.getAndIncrement();
                        if (index < plan.size()) {
                            clients.execute(() -> send(plan.get(index), 1));
                        }
                    },
                    0,
                    PACE.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        void killed(Node victim, long at) {
            this.victim = victim;
            this.killedAt = at;
        }

        boolean awaitAllAnswered(Duration within) throws InterruptedException {
            return outstanding.await(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        void stop() {
            pacer.shutdownNow();
            clients.shutdownNow();
        }

        private void send(Planned request, int attempt) {
            Node node = nodes.get(request.node());
            long sentAt = System.nanoTime();
            boolean again = false;
            try {
                Api.Response answer = api(node).post(request.path(), request.body());
                boolean retryAfter = answer.headers().firstValue("Retry-After").isPresent();
                String problem = answer.isProblem() ? answer.problemType() : null;
                JsonNode json = answer.status() / 100 == 2 ? answer.json() : null;
                String created = json == null
                        ? null
                        : request.kind() == Kind.CLAIM
                                ? json.path("claimId").asText(null)
                                : json.path("orderId").asText(null);
                String customer = json == null ? null : json.path("customerId").asText(null);
                attempts.add(new Attempt(
                        request,
                        node,
                        sentAt,
                        System.nanoTime(),
                        answer.status(),
                        problem,
                        retryAfter,
                        created,
                        customer,
                        answer.status() / 100 == 2 ? null : answer.rawBody(),
                        null));
                if (answer.status() == 503 && retryAfter && OVERLOADED.equals(problem) && attempt < ATTEMPTS) {
                    long seconds = Long.parseLong(
                            answer.headers().firstValue("Retry-After").orElseThrow());
                    pacer.schedule(() -> clients.execute(() -> send(request, attempt + 1)), seconds, TimeUnit.SECONDS);
                    again = true;
                }
            } catch (RuntimeException e) {
                attempts.add(new Attempt(
                        request, node, sentAt, System.nanoTime(), -1, null, false, null, null, null, e.toString()));
            } finally {
                if (!again) {
                    outstanding.countDown();
                }
            }
        }

        /** The ids the answers created for these kinds of request. */
        List<String> successes(Kind... kinds) {
            Set<Kind> wanted = Set.of(kinds);
            return attempts.stream()
                    .filter(attempt -> wanted.contains(attempt.request().kind()) && attempt.status() / 100 == 2)
                    .map(Attempt::createdId)
                    .toList();
        }

        /** Each claim answered 201: its claim id and customer. */
        Map<String, String> grantedClaims() {
            return attempts.stream()
                    .filter(attempt -> attempt.request().kind() == Kind.CLAIM && attempt.status() == 201)
                    .collect(Collectors.toMap(Attempt::createdId, Attempt::customerId));
        }

        /** Answers of 5xx but a clean 503 (overloaded, or the command's node gone; with Retry-After). */
        List<String> serverErrors() {
            return described(attempts.stream()
                    .filter(attempt -> attempt.status() >= 500)
                    .filter(attempt -> !overloaded(attempt) && !nodeUnavailable(attempt)));
        }

        /** Answers of 4xx that the product does not document for that request. */
        List<String> undocumentedRefusals() {
            return described(attempts.stream()
                    .filter(attempt -> attempt.status() / 100 == 4)
                    .filter(attempt ->
                            attempt.request().kind() != Kind.CLAIM || !CLAIM_REFUSALS.contains(attempt.outcome())));
        }

        /**
         * How the requests of these kinds were answered whose customer holds what they asked for in the store although
         * none of the customer's requests succeeded: their last attempt's outcome, counted.
         */
        Map<String, Long> heldWithoutSuccess(Set<Kind> kinds, Set<String> customersHolding) {
            Map<Planned, Attempt> last = new HashMap<>();
            attempts.stream()
                    .filter(attempt -> kinds.contains(attempt.request().kind()))
                    .forEach(attempt -> last.merge(
                            attempt.request(), attempt, (one, other) -> one.sentAt() > other.sentAt() ? one : other));
            Set<String> succeeded = last.values().stream()
                    .filter(attempt -> attempt.status() / 100 == 2)
                    .map(attempt -> customerOf(attempt.request()))
                    .collect(Collectors.toSet());
            return count(last.values().stream()
                    .filter(attempt -> attempt.status() / 100 != 2)
                    .filter(attempt -> customersHolding.contains(customerOf(attempt.request())))
                    .filter(attempt -> !succeeded.contains(customerOf(attempt.request())))
                    .map(Attempt::outcome)
                    .toList());
        }

        private static String customerOf(Planned request) {
            return Api.parse(request.body()).path("customerId").asText();
        }

        /** What the 503 answers said, per node and when: the lag admission control saw. */
        Map<String, List<String>> overloadDetails() {
            return new TreeMap<>(attempts.stream()
                    .filter(this::overloaded)
                    .collect(Collectors.groupingBy(
                            attempt -> "node " + attempt.node().number() + " " + when(attempt),
                            Collectors.mapping(
                                    attempt -> Api.parse(attempt.body())
                                            .path("detail")
                                            .asText()
                                            .replaceAll("\\D+", " ")
                                            .trim(),
                                    Collectors.toList()))));
        }

        private boolean overloaded(Attempt attempt) {
            return attempt.status() == 503 && attempt.retryAfter() && OVERLOADED.equals(attempt.problemType());
        }

        private boolean nodeUnavailable(Attempt attempt) {
            return attempt.status() == 503 && attempt.retryAfter() && NODE_UNAVAILABLE.equals(attempt.problemType());
        }

        private String when(Attempt attempt) {
            return attempt.endedAt() < killedAt ? "before" : attempt.sentAt() < killedAt ? "across" : "after";
        }

        private List<String> described(java.util.stream.Stream<Attempt> attempts) {
            return attempts.map(attempt -> attempt.node() + " " + when(attempt) + " the kill (answered "
                            + Duration.ofNanos(attempt.endedAt() - killedAt).toMillis() + " ms after it), "
                            + attempt.request().kind() + ": " + attempt.outcome() + " " + attempt.body())
                    .toList();
        }

        /**
         * Outcomes counted per node (the killed one marked), kind of request, and when: answered before the kill, sent
         * before and answered after it, or sent after it.
         */
        void printTally() {
            Map<String, Long> tally = new TreeMap<>(attempts.stream()
                    .collect(Collectors.groupingBy(
                            attempt -> "%s%s %-11s %-6s %s"
                                    .formatted(
                                            "node " + attempt.node().number(),
                                            attempt.node() == victim ? " (killed)" : "         ",
                                            attempt.request().kind(),
                                            when(attempt),
                                            attempt.outcome()),
                            Collectors.counting())));
            System.out.println("Answers per node, request, before / across / after the kill, and outcome:");
            tally.forEach((key, count) -> System.out.printf("  %-90s %4d%n", key, count));
            System.out.println("Lag in ms that admission control reported in its 503 answers: " + overloadDetails());
        }
    }

    // ---- the store, the read of the claims and the ledgers ----------------------------------------------------

    /** Each shared processor's segment and the node that claims it ({@code token_entry.owner}, null if none). */
    private Map<String, String> sharedClaims() {
        Map<String, String> claims = new HashMap<>();
        cluster.database()
                .sql("select processor_name, segment, owner from token_entry where processor_name in (:names)")
                .param("names", SHARED_PROCESSORS)
                .query((row, n) -> Map.entry(row.getString(1) + "/" + row.getInt(2), String.valueOf(row.getString(3))))
                .list()
                .forEach(
                        claim -> claims.put(claim.getKey(), claim.getValue().equals("null") ? null : claim.getValue()));
        return claims;
    }

    private Map<String, Long> segmentsPerNode() {
        return new TreeMap<>(sharedClaims().values().stream()
                .collect(Collectors.groupingBy(
                        owner -> cluster.nodeOfOwner(owner)
                                .map(node -> "node " + node.number())
                                .orElse("nobody"),
                        Collectors.counting())));
    }

    private Node nodeWithMostSegments() {
        Map<Node, Long> held = sharedClaims().values().stream()
                .map(cluster::nodeOfOwner)
                .flatMap(java.util.Optional::stream)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        return held.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new AssertionError("no node holds a segment: " + sharedClaims()));
    }

    /** Every order in the store and the SKU of its (only) line. */
    private static Map<String, String> placedOrders(JdbcClient jdbc) {
        Map<String, String> orders = new HashMap<>();
        jdbc.sql("""
                        select aggregate_identifier, convert_from(payload, 'UTF8')::jsonb -> 'lines' -> 0 ->> 'sku'
                        from domain_event_entry where payload_type = :type""")
                .param("type", OrderPlacedEvent.class.getName())
                .query((row, n) -> Map.entry(row.getString(1), row.getString(2)))
                .list()
                .forEach(order -> orders.put(order.getKey(), order.getValue()));
        return orders;
    }

    private static Set<String> customersWithOrders(JdbcClient jdbc) {
        return new HashSet<>(jdbc.sql("""
                        select convert_from(payload, 'UTF8')::jsonb ->> 'customerId'
                        from domain_event_entry where payload_type = :type""")
                .param("type", OrderPlacedEvent.class.getName())
                .query(String.class)
                .list());
    }

    private static List<String> ordersOf(Map<String, String> placed, String sku) {
        return placed.entrySet().stream()
                .filter(order -> order.getValue().equals(sku))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Every grant of the campaign in the store: claim id and customer. */
    private static Map<String, String> grants(SoftAssertions bar, JdbcClient jdbc, String campaignId) {
        List<Map.Entry<String, String>> grants = jdbc.sql("""
                        select grant_ ->> 'claimId', grant_ ->> 'customerId'
                        from domain_event_entry,
                             jsonb_array_elements(convert_from(payload, 'UTF8')::jsonb -> 'grants') as grant_
                        where aggregate_identifier = :campaign and payload_type = :type""")
                .param("campaign", campaignId)
                .param("type", DiscountClaimsGrantedEvent.class.getName())
                .query((row, n) -> Map.entry(row.getString(1), row.getString(2)))
                .list();
        Map<String, String> byClaim = new HashMap<>();
        grants.forEach(grant -> bar.assertThat(byClaim.put(grant.getKey(), grant.getValue()))
                .as("claim %s granted once", grant.getKey())
                .isNull());
        return byClaim;
    }

    /**
     * The hot stock's events in order: at every one, what is available, reserved and gone out adds up to the stock,
     * nothing is negative, and no order holds two reservations.
     */
    private static void checkStockNeverOversold(SoftAssertions bar, JdbcClient jdbc, String sku) {
        record Change(String type, String orderId, long quantity, long available, long reserved) {}
        List<Change> changes = jdbc.sql("""
                        select payload_type, convert_from(payload, 'UTF8')::jsonb from domain_event_entry
                        where aggregate_identifier = :stock order by sequence_number""")
                .param("stock", StockIds.of(sku))
                .query((row, n) -> {
                    JsonNode event = Api.parse(row.getString(2));
                    return new Change(
                            row.getString(1),
                            event.path("orderId").asText(null),
                            event.path("quantity").asLong(),
                            event.path("available").asLong(),
                            event.path("reserved").asLong());
                })
                .list();
        long committed = 0;
        Set<String> holding = new HashSet<>();
        for (Change change : changes) {
            if (change.type().equals(StockCommittedEvent.class.getName())) {
                committed += change.quantity();
            }
            if (change.type().equals(StockReservedEvent.class.getName())) {
                bar.assertThat(holding.add(change.orderId()))
                        .as("order %s reserved once", change.orderId())
                        .isTrue();
            }
            bar.assertThat(change.available()).as("available after %s", change).isNotNegative();
            bar.assertThat(change.reserved()).as("reserved after %s", change).isNotNegative();
            bar.assertThat(change.available() + change.reserved() + committed)
                    .as("available + reserved + gone out after %s", change)
                    .isEqualTo(HOT_STOCK);
        }
        System.out.printf(
                "Hot stock: %d events, %d reservations, %d gone out of %d%n",
                changes.size(), holding.size(), committed, HOT_STOCK);
    }

    /** Waits until every order has ended and its stock has settled; answers how each that did ended. */
    private static Map<String, String> awaitEndedAndSettled(JdbcClient jdbc, Set<String> orderIds, Duration within) {
        List<String> terminal = List.of(
                OrderShippedEvent.class.getName(),
                OrderFailedEvent.class.getName(),
                OrderCancelledEvent.class.getName());
        List<String> settled =
                List.of(OrderStockCommittedEvent.class.getName(), OrderStockReleasedEvent.class.getName());
        List<String> types = new ArrayList<>(terminal);
        types.addAll(settled);
        AtomicReference<Map<String, String>> seen = new AtomicReference<>(Map.of());
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> {
                Map<String, String> endings = new HashMap<>();
                Set<String> settledOrders = new HashSet<>();
                jdbc.sql("""
                                    select aggregate_identifier, payload_type from domain_event_entry
                                    where payload_type in (:types) and aggregate_identifier in (:ids)""")
                        .param("types", types)
                        .param("ids", orderIds)
                        .query((row, n) -> Map.entry(row.getString(1), row.getString(2)))
                        .list()
                        .forEach(event -> {
                            if (settled.contains(event.getValue())) {
                                settledOrders.add(event.getKey());
                            } else {
                                endings.put(
                                        event.getKey(),
                                        event.getValue()
                                                .substring(event.getValue().lastIndexOf('.') + 1));
                            }
                        });
                endings.keySet().retainAll(settledOrders);
                seen.set(endings);
                return endings.size() == orderIds.size();
            });
        } catch (ConditionTimeoutException notAllEnded) {
            // the caller compares what ended with what was placed
        }
        return seen.get();
    }

    /**
     * What the store holds of orders that did not end (their events, their sagas, every deadline), written next to
     * the logs: the database is dropped once the test is over.
     */
    private void dumpUnfinished(JdbcClient jdbc, Set<String> unfinished) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String orderId : unfinished) {
            lines.add("== order " + orderId);
            jdbc.sql("""
                            select global_index, sequence_number, payload_type, time_stamp,
                                   left(convert_from(payload, 'UTF8'), 400) as payload
                            from domain_event_entry where aggregate_identifier = :order order by sequence_number""").param("order", orderId).query().listOfRows().forEach(row -> lines.add("event " + row));
            jdbc.sql("""
                            select s.saga_id, convert_from(s.serialized_saga, 'UTF8') as saga from saga_entry s
                            where s.saga_id in (select saga_id from association_value_entry
                                                where association_value = :order)""").param("order", orderId).query().listOfRows().forEach(row -> lines.add("saga " + row));
        }
        lines.add("== deadlines");
        jdbc.sql("""
                        select task_name, task_instance, execution_time, picked, picked_by, last_heartbeat,
                               consecutive_failures, left(encode(task_data, 'escape'), 1500) as data
                        from scheduled_tasks order by execution_time""").query().listOfRows().forEach(row -> lines.add("deadline " + row));
        lines.add("== claims");
        jdbc.sql("select processor_name, segment, owner, time_stamp, left(convert_from(token, 'UTF8'), 200) as token"
                        + " from token_entry order by 1, 2")
                .query()
                .listOfRows()
                .forEach(row -> lines.add("claim " + row));
        Path file = cluster.runDirectory().resolve("unfinished-orders.txt");
        Files.write(file, lines);
        System.out.println("What the store holds of the orders that did not end: " + file.toAbsolutePath());
    }

    /** Waits for saga_entry to be empty; answers how many sagas are left. */
    private static long awaitNoSagas(JdbcClient jdbc, Duration within) {
        AtomicLong left = new AtomicLong(-1);
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
                left.set(jdbc.sql("select count(*) from saga_entry")
                        .query(Long.class)
                        .single());
                return left.get() == 0;
            });
        } catch (ConditionTimeoutException sagasLeft) {
            // the caller asserts the count
        }
        return left.get();
    }

    private static List<String> failureReasons(JdbcClient jdbc, Set<String> orderIds) {
        return jdbc.sql("""
                        select convert_from(payload, 'UTF8')::jsonb ->> 'reason' from domain_event_entry
                        where payload_type = :type and aggregate_identifier in (:ids)""")
                .param("type", OrderFailedEvent.class.getName())
                .param("ids", orderIds)
                .query(String.class)
                .list();
    }

    /**
     * The providers' ledgers (one for every node): a shipped order was charged once and its charge stands, a failed
     * one holds no money (a charge it had is refunded), nobody is charged twice; a shipped order has one accepted
     * shipment, a failed one none.
     */
    private void checkLedgers(SoftAssertions bar, Set<String> placedOrders, Map<String, String> endings) {
        JsonNode charges = new Api(cluster.paymentPort()).get("/_sim/ledger").json();
        JsonNode shipments = new Api(cluster.shippingPort()).get("/_sim/ledger").json();
        Map<String, List<String>> chargesByOrder = byReference(charges);
        Map<String, List<String>> shipmentsByOrder = byReference(shipments);
        List<String> wrong = new ArrayList<>();
        endings.forEach((orderId, ending) -> {
            List<String> charged = chargesByOrder.getOrDefault(orderId, List.of());
            List<String> shipped = shipmentsByOrder.getOrDefault(orderId, List.of());
            long tookMoney = charged.stream()
                    .filter(status -> status.equals("CAPTURED") || status.equals("REFUNDED"))
                    .count();
            boolean right = ending.equals("OrderShippedEvent")
                    ? charged.equals(List.of("CAPTURED")) && count(shipped).getOrDefault("ACCEPTED", 0L) == 1
                    : tookMoney <= 1 && !charged.contains("CAPTURED") && !shipped.contains("ACCEPTED");
            if (!right) {
                wrong.add(orderId + " " + ending + ": charges " + charged + ", shipments " + shipped);
            }
        });
        Set<String> unknown = new HashSet<>(chargesByOrder.keySet());
        unknown.removeAll(placedOrders);
        bar.assertThat(unknown).as("charges for orders not in the store").isEmpty();
        bar.assertThat(wrong)
                .as("orders whose ledger entries do not match how they ended")
                .isEmpty();
        System.out.printf(
                "Ledgers: charges %s (%d asked more than once), shipments %s (%d asked more than once)%n",
                statuses(charges), askedAgain(charges), statuses(shipments), askedAgain(shipments));
        placedOrders.stream()
                .filter(orderId -> !endings.containsKey(orderId))
                .forEach(orderId -> System.out.printf(
                        "Order %s did not end: charges %s, shipments %s%n",
                        orderId,
                        chargesByOrder.getOrDefault(orderId, List.of()),
                        shipmentsByOrder.getOrDefault(orderId, List.of())));
    }

    private static Map<String, List<String>> byReference(JsonNode ledger) {
        Map<String, List<String>> entries = new HashMap<>();
        ledger.forEach(entry -> {
            if (entry.hasNonNull("reference")) {
                entries.computeIfAbsent(entry.get("reference").asText(), reference -> new ArrayList<>())
                        .add(entry.path("status").asText());
            }
        });
        return entries;
    }

    /** Entries whose create request came more than once (a replay under the same idempotency key). */
    private static long askedAgain(JsonNode ledger) {
        long again = 0;
        for (JsonNode entry : ledger) {
            again += entry.path("attempts").asInt() > 1 ? 1 : 0;
        }
        return again;
    }

    private static Map<String, Long> statuses(JsonNode ledger) {
        List<String> statuses = new ArrayList<>();
        ledger.forEach(entry -> statuses.add(entry.path("status").asText()));
        return count(statuses);
    }

    private static Map<String, Long> count(java.util.Collection<String> values) {
        return new TreeMap<>(
                values.stream().collect(Collectors.groupingBy(value -> String.valueOf(value), Collectors.counting())));
    }

    private Api api(Node node) {
        return node.api().withToken(token);
    }

    private static String claim(String customer) {
        return "{\"customerId\":\"" + customer + "\"}";
    }

    private static String campaign(String campaignId) {
        Instant now = Instant.now();
        return """
                {"campaignId":"%s","name":"Failover sale","quota":%d,"discountPercent":10,"startsAt":"%s","endsAt":"%s"}""".formatted(campaignId, QUOTA, now.minusSeconds(60), now.plusSeconds(3600));
    }

    private Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - classStarted);
    }
}
