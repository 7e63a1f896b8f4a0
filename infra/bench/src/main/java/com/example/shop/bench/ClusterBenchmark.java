package com.example.shop.bench;

import static org.awaitility.Awaitility.await;

import com.example.shop.campaign.DiscountClaimsGrantedEvent;
import com.example.shop.order.OrderCancelledEvent;
import com.example.shop.order.OrderFailedEvent;
import com.example.shop.order.OrderPlacedEvent;
import com.example.shop.order.OrderShippedEvent;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.axonframework.commandhandling.distributed.ConsistentHash;
import org.axonframework.commandhandling.distributed.DistributedCommandBus;
import org.axonframework.commandhandling.distributed.SimpleMember;
import org.axonframework.commandhandling.distributed.commandfilter.AcceptAll;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The scale-out benchmark: the service as 1, 2 and 3 nodes (JVMs of their own, {@code shop-dev.jar}) on this machine,
 * each cluster on a fresh database, in one run. For each: a claims flood on one campaign over every node, then orders
 * over every node until each has shipped or failed, both after unreported warm-up rounds (until the nodes' JIT has
 * settled); each figure is reported
 * as a ratio of the one-node figure of the same run. On the largest cluster, a steady claims load, during which the
 * node holding the most processor segments is killed with SIGKILL: the failover gap. Writes
 * {@code docs/benchmarks/cluster.md}; sizes are {@code bench.cluster.*} system properties.
 */
public final class ClusterBenchmark {

    private static final List<Integer> NODE_COUNTS = Arrays.stream(
                    System.getProperty("bench.cluster.nodes", "1,2,3").split(","))
            .map(String::trim)
            .map(Integer::valueOf)
            .toList();
    static final int QUOTA = Integer.getInteger("bench.cluster.quota", 3_000);
    static final int CUSTOMERS = Integer.getInteger("bench.cluster.customers", 6_000);
    private static final int CLAIM_CONNECTIONS = Integer.getInteger("bench.cluster.claim-connections", 64);
    static final int ORDERS = Integer.getInteger("bench.cluster.orders", 600);
    private static final int ORDER_CONNECTIONS = Integer.getInteger("bench.cluster.order-connections", 32);
    private static final int SKUS = Integer.getInteger("bench.cluster.skus", 8);
    /** Per node: each node of a larger cluster gets as much warm-up traffic as the single node did (its JIT too). */
    private static final int WARM_UP_QUOTA = Integer.getInteger("bench.cluster.warm-up-quota", 1_000);

    private static final int WARM_UP_ORDERS = Integer.getInteger("bench.cluster.warm-up-orders", 150);
    /** Warm-up rounds go on until the nodes' JIT compilers take at most this share of their CPU time in one. */
    static final double WARM_UP_SETTLED_SHARE =
            Double.parseDouble(System.getProperty("bench.cluster.warm-up-settled-share", "0.1"));

    static final int MAX_WARM_UP_ROUNDS = Integer.getInteger("bench.cluster.max-warm-up-rounds", 4);
    /** Added to every answer of both simulators; 0 (none) is what the flash-sale benchmark uses. */
    private static final long PROVIDER_LATENCY_MS = Long.getLong("bench.cluster.provider-latency-ms", 0);

    private static final int STEADY_RATE = Integer.getInteger("bench.cluster.failover-claims-per-second", 200);
    private static final int BEFORE_KILL_SECONDS = Integer.getInteger("bench.cluster.failover-before-seconds", 5);
    private static final int AFTER_KILL_SECONDS = Integer.getInteger("bench.cluster.failover-after-seconds", 15);
    static final List<String> NODE_JVM =
            List.of(System.getProperty("bench.cluster.node-jvm", "-Xmx384m -XX:+UseSerialGC")
                    .trim()
                    .split("\\s+"));
    /** Extra arguments of every node, after the benchmark's own (a later one wins). */
    private static final List<String> NODE_ARGUMENTS_EXTRA = System.getProperty("bench.cluster.node-args", "")
                    .isBlank()
            ? List.of()
            : List.of(System.getProperty("bench.cluster.node-args").trim().split("\\s+"));

    static final Path DEV_JAR = Path.of(System.getProperty("bench.cluster.dev-jar", "infra/app/target/shop-dev.jar"));
    static final Path OUT = Path.of(System.getProperty("bench.out", "docs/benchmarks"));
    static final Path RUNS = Path.of(System.getProperty("bench.cluster.run-dir", "infra/bench/target/cluster"));

    private static final List<String> NODE_ARGUMENTS = List.of(
            "--shop.rate-limits.enabled=false", // the load comes from one address; it measures throughput
            // three nodes and whatever else runs on this machine within PostgreSQL's 100 connections
            "--spring.datasource.hikari.maximum-pool-size=20",
            "--shop.logging.console=text",
            "--logging.level.org.axonframework.modelling.command.AbstractRepository=ERROR");

    static final String ADMIN_EMAIL = "bench@shop.local";
    static final String ADMIN_PASSWORD = UUID.randomUUID().toString();
    private static final Pattern PROBLEM_TYPE = Pattern.compile("\"type\":\"([^\"]+)\"");
    private static final Pattern PROBLEM_DETAIL = Pattern.compile("\"detail\":\"([^\"]+)\"");
    /** How far behind admission control found the orders read model when it shed an order. */
    private static final Pattern SHED_FOR_LAG = Pattern.compile("Order status is (\\d+) ms behind");

    private static final Set<String> CLEAN_UNAVAILABLE = Set.of("/problems/overloaded", "/problems/node-unavailable");
    private static final List<String> ORDER_ENDINGS = List.of(
            OrderShippedEvent.class.getName(), OrderFailedEvent.class.getName(), OrderCancelledEvent.class.getName());

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final ClusterReport report = new ClusterReport();
    /** Numbers each orders round, so that each creates SKUs of its own. */
    private int ordersRounds;

    public static void main(String[] args) {
        int status = 0;
        try {
            new ClusterBenchmark().runAll();
        } catch (Throwable failure) {
            failure.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private void runAll() throws Exception {
        Path runDirectory =
                RUNS.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + run);
        try (HikariDataSource admin = new HikariDataSource()) {
            admin.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/postgres");
            admin.setUsername("postgres");
            admin.setMaximumPoolSize(1);
            report.machine(
                    Machine.describe(admin, command("cluster")), ClusterReport.loadAverage(), otherJavaProcesses());
        }
        report.setup(
                NODE_COUNTS,
                NODE_JVM,
                nodeArguments(),
                sizes(),
                WARM_UP_SETTLED_SHARE,
                MAX_WARM_UP_ROUNDS,
                runDirectory);
        long started = System.nanoTime();
        int largest = NODE_COUNTS.stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (int count : NODE_COUNTS) {
            long clusterStarted = System.nanoTime();
            try (NodeCluster cluster = NodeCluster.start(
                    count,
                    runDirectory.resolve(count + "-nodes"),
                    DEV_JAR,
                    NODE_JVM,
                    nodeArguments(),
                    ADMIN_EMAIL,
                    ADMIN_PASSWORD)) {
                double startSeconds = (System.nanoTime() - clusterStarted) / 1e9;
                Map<String, Long> segments = cluster.segmentsPerNode();
                log("%d node(s) up in %.1f s: %s", count, startSeconds, segments);
                setProviderLatency(cluster);
                int warmUpRounds = warmUp(cluster, count);
                String loadBefore = ClusterReport.loadAverage();
                ClusterReport.Claims claims = claims(cluster, "measured", QUOTA, CUSTOMERS);
                ClusterReport.Orders orders = orders(cluster, "measured", ORDERS);
                report.cluster(count, startSeconds, segments, loadBefore, warmUpRounds, claims, orders);
                if (count == largest && count > 1) {
                    report.failover(failover(cluster));
                }
                report.logs(count, ClusterReport.errorsIn(cluster.nodes()));
            }
        }
        report.finish((System.nanoTime() - started) / 1e9, ClusterReport.loadAverage(), otherJavaProcesses());
        report.write(OUT.resolve("cluster.md"));
    }

    /** Warm-up rounds of claims and orders until the nodes' JIT has settled; answers how many it took. */
    int warmUp(NodeCluster cluster, int count) throws Exception {
        for (int round = 1; ; round++) {
            double claimsCompiling = claims(cluster, "warm-up", count * WARM_UP_QUOTA, 2 * count * WARM_UP_QUOTA)
                    .cpu()
                    .nodesCompilingShare();
            double ordersCompiling =
                    orders(cluster, "warm-up", count * WARM_UP_ORDERS).cpu().nodesCompilingShare();
            boolean settled = Math.max(claimsCompiling, ordersCompiling) <= WARM_UP_SETTLED_SHARE;
            log(
                    "%d node(s), warm-up round %d: JIT compiling took %.0f%% of the nodes' CPU in claims, %.0f%% in orders%s",
                    count, round, 100 * claimsCompiling, 100 * ordersCompiling, settled ? "; settled" : "");
            if (settled || round == MAX_WARM_UP_ROUNDS) {
                return round;
            }
        }
    }

    private static List<String> nodeArguments() {
        List<String> arguments = new ArrayList<>(NODE_ARGUMENTS);
        arguments.addAll(NODE_ARGUMENTS_EXTRA);
        return arguments;
    }

    static String command(String scenario) {
        String properties = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("-Dbench."))
                .collect(Collectors.joining(" "));
        return ("infra/bench/run.sh " + scenario + " " + properties).trim();
    }

    private static Map<String, Object> sizes() {
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("bench.cluster.quota", QUOTA);
        sizes.put("bench.cluster.customers", CUSTOMERS);
        sizes.put("bench.cluster.claim-connections", CLAIM_CONNECTIONS);
        sizes.put("bench.cluster.orders", ORDERS);
        sizes.put("bench.cluster.order-connections", ORDER_CONNECTIONS);
        sizes.put("bench.cluster.skus", SKUS);
        sizes.put("bench.cluster.warm-up-quota", WARM_UP_QUOTA);
        sizes.put("bench.cluster.warm-up-orders", WARM_UP_ORDERS);
        sizes.put("bench.cluster.warm-up-settled-share", WARM_UP_SETTLED_SHARE);
        sizes.put("bench.cluster.max-warm-up-rounds", MAX_WARM_UP_ROUNDS);
        sizes.put("bench.cluster.provider-latency-ms", PROVIDER_LATENCY_MS);
        sizes.put("bench.cluster.failover-claims-per-second", STEADY_RATE);
        sizes.put("bench.cluster.failover-before-seconds", BEFORE_KILL_SECONDS);
        sizes.put("bench.cluster.failover-after-seconds", AFTER_KILL_SECONDS);
        return sizes;
    }

    /** Java processes on this machine that are neither this one nor started by it: others' work, sharing the cores. */
    static long otherJavaProcesses() {
        ProcessHandle self = ProcessHandle.current();
        Set<Long> ours = self.descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        ours.add(self.pid());
        return ProcessHandle.allProcesses()
                .filter(process -> !ours.contains(process.pid()))
                .filter(process -> process.info().command().orElse("").endsWith("/java"))
                .count();
    }

    private void setProviderLatency(NodeCluster cluster) throws IOException, InterruptedException {
        if (PROVIDER_LATENCY_MS == 0) {
            return;
        }
        HttpClient client = HttpClient.newHttpClient();
        for (String simulator : List.of(cluster.paymentGateway(), cluster.shippingCarrier())) {
            HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(URI.create(simulator + "/_sim/faults"))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"latencyMs\":" + PROVIDER_LATENCY_MS + "}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(simulator + " refused its faults: " + answer.body());
            }
        }
    }

    // ---- claims ---------------------------------------------------------------------------------------------------

    /**
     * {@code 2 * customers} claims (each customer twice, shuffled) for one campaign with {@code quota}, from
     * {@link #CLAIM_CONNECTIONS} connections bound to the nodes in turn; checks the store against the answers.
     */
    ClusterReport.Claims claims(NodeCluster cluster, String round, int quota, int customers) throws Exception {
        List<NodeCluster.Node> nodes = cluster.nodes();
        String campaign = "bench-" + run + "-" + UUID.randomUUID().toString().substring(0, 6);
        Http.Answer created = nodes.get(0).http().post("/admin/campaigns", campaign(campaign, quota));
        if (created.status() != 201) {
            throw new IllegalStateException("campaign not created: " + created);
        }
        List<String> attempts = new ArrayList<>(2 * customers);
        for (int pass = 0; pass < 2; pass++) {
            for (int c = 0; c < customers; c++) {
                attempts.add("c" + c + "-" + campaign);
            }
        }
        Collections.shuffle(attempts, new Random(42));
        Map<String, String> granted = new ConcurrentHashMap<>();
        AtomicInteger grantedTwice = new AtomicInteger();
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        AtomicLong lastGrant = new AtomicLong();
        Latencies latencies = new Latencies();
        CpuUse.Sample cpuBefore = CpuUse.sample();
        long start = System.nanoTime();
        double seconds = spread(CLAIM_CONNECTIONS, attempts.size(), (connection, i) -> {
            Http http = nodes.get(connection % nodes.size()).http();
            String customer = attempts.get(i);
            long sent = System.nanoTime();
            Http.Answer answer =
                    http.post("/campaigns/" + campaign + "/claims", "{\"customerId\":\"" + customer + "\"}");
            long answered = System.nanoTime();
            latencies.add(answered - sent);
            outcomes.computeIfAbsent(outcome(answer), o -> new LongAdder()).increment();
            if (answer.status() == 201) {
                lastGrant.accumulateAndGet(answered, Math::max);
                if (granted.putIfAbsent(customer, answer.claimId()) != null) {
                    grantedTwice.incrementAndGet();
                }
            }
        });
        CpuUse.Use cpu = CpuUse.between(cpuBefore, CpuUse.sample(), cluster.nodePids(), cluster.sharedPids());
        Map<String, String> stored = grants(cluster.database(), campaign);
        Set<String> storedCustomers = new HashSet<>(stored.values());
        ClusterReport.Claims claims = new ClusterReport.Claims(
                nodes.size(),
                attempts.size(),
                customers,
                CLAIM_CONNECTIONS,
                quota,
                counted(outcomes),
                granted.size(),
                grantedTwice.get(),
                stored.size(),
                storedCustomers.size(),
                stored.keySet().equals(new HashSet<>(granted.values())),
                (lastGrant.get() - start) / 1e9,
                seconds,
                latencies,
                cpu);
        log(
                "%d node(s), %s claims: %.0f grants/s, %.0f answers/s, p50 %.1f ms, p99 %.1f ms, %s; checks %s; CPU %s",
                nodes.size(),
                round,
                claims.grantsPerSecond(),
                claims.answersPerSecond(),
                latencies.percentileMillis(50),
                latencies.percentileMillis(99),
                claims.outcomes(),
                claims.correct() ? "pass" : "FAIL",
                cpu.describe());
        return claims;
    }

    /** Every grant of the campaign in the store: claim id and customer. */
    private static Map<String, String> grants(JdbcClient jdbc, String campaign) {
        Map<String, String> byClaim = new HashMap<>();
        jdbc.sql("""
                        select grant_ ->> 'claimId', grant_ ->> 'customerId'
                        from domain_event_entry,
                             jsonb_array_elements(convert_from(payload, 'UTF8')::jsonb -> 'grants') as grant_
                        where aggregate_identifier = :campaign and payload_type = :type""")
                .param("campaign", campaign)
                .param("type", DiscountClaimsGrantedEvent.class.getName())
                .query((row, n) -> new String[] {row.getString(1), row.getString(2)})
                .list()
                .forEach(grant -> byClaim.put(grant[0], grant[1]));
        return byClaim;
    }

    private static String campaign(String campaign, int quota) {
        Instant now = Instant.now();
        return """
                {"campaignId":"%s","name":"Benchmark","quota":%d,"discountPercent":10,"startsAt":"%s","endsAt":"%s"}""".formatted(campaign, quota, now.minusSeconds(60), now.plus(Duration.ofHours(2)));
    }

    // ---- orders ---------------------------------------------------------------------------------------------------

    /**
     * {@code count} single-unit orders spread over {@link #SKUS} SKUs with ample stock, from connections bound to the nodes in turn;
     * an order refused with 503 and Retry-After is sent again after that long, as the shop's front end does. Measured
     * from the first request to the last order's end (shipped or failed) in the store.
     */
    ClusterReport.Orders orders(NodeCluster cluster, String round, int count) throws Exception {
        List<NodeCluster.Node> nodes = cluster.nodes();
        JdbcClient jdbc = cluster.database();
        ordersRounds++;
        List<String> skus = new ArrayList<>();
        for (int s = 0; s < SKUS; s++) {
            String sku = ("B" + run + "-" + ordersRounds + "-" + s).toUpperCase();
            Http.Answer created = nodes.get(s % nodes.size()).http().post("/products", """
                    {"sku":"%s","name":"Bench %s","price":{"amountMinor":1000,"currency":"EUR"},"initialStock":%d}""".formatted(sku, sku, count));
            if (created.status() != 201) {
                throw new IllegalStateException("product not created: " + created);
            }
            skus.add(sku);
        }
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> nodes.stream()
                        .allMatch(node -> skus.stream()
                                .allMatch(sku ->
                                        node.http().get("/products/" + sku).status() == 200)));
        long fromIndex = jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry")
                .query(Long.class)
                .single();

        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        AtomicInteger gaveUp = new AtomicInteger();
        Latencies latencies = new Latencies();
        Latencies shedLags = new Latencies();
        CpuUse.Sample cpuBefore = CpuUse.sample();
        Instant firstRequest = Instant.now();
        double answering = spread(ORDER_CONNECTIONS, count, (connection, i) -> {
            Http http = nodes.get(connection % nodes.size()).http();
            String body = """
                    {"customerId":"o%d-%s-%s","currency":"EUR","lines":[{"sku":"%s","quantity":1}],
                     "shippingAddress":{"name":"Bench Buyer","line1":"1 Bench Street","postalCode":"10115",
                     "city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_bench_4242"}}""".formatted(i, round, run, skus.get(i % skus.size()));
            for (int attempt = 1; ; attempt++) {
                long sent = System.nanoTime();
                Http.Answer answer = http.post("/orders", body);
                latencies.add(System.nanoTime() - sent);
                outcomes.computeIfAbsent(outcome(answer), o -> new LongAdder()).increment();
                Matcher lag = SHED_FOR_LAG.matcher(answer.body());
                if (answer.status() == 503 && lag.find()) {
                    shedLags.add(TimeUnit.MILLISECONDS.toNanos(Long.parseLong(lag.group(1))));
                }
                if (answer.status() == 202) {
                    accepted.add(answer.orderId());
                    return;
                }
                if (answer.status() != 503 || answer.retryAfterSeconds() <= 0 || attempt == 20) {
                    gaveUp.incrementAndGet();
                    return;
                }
                pause(Duration.ofSeconds(answer.retryAfterSeconds())); // as Retry-After asks
            }
        });

        // every accepted order ends; the count is cheap to poll, the exact check follows
        try {
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> jdbc.sql("""
                                            select count(distinct aggregate_identifier) from domain_event_entry
                                            where global_index > :from and payload_type in (:endings)""")
                                    .param("from", fromIndex)
                                    .param("endings", ORDER_ENDINGS)
                                    .query(Long.class)
                                    .single()
                            >= accepted.size());
        } catch (ConditionTimeoutException notAllEnded) {
            // reported: the endings found are fewer than the orders accepted
        }
        CpuUse.Use cpu = CpuUse.between(cpuBefore, CpuUse.sample(), cluster.nodePids(), cluster.sharedPids());
        Map<String, String> endings = new HashMap<>();
        AtomicLong lastEnd = new AtomicLong();
        jdbc.sql("""
                        select aggregate_identifier, payload_type, time_stamp from domain_event_entry
                        where global_index > :from and payload_type in (:endings)""")
                .param("from", fromIndex)
                .param("endings", ORDER_ENDINGS)
                .query((row, n) -> new String[] {row.getString(1), row.getString(2), row.getString(3)})
                .list()
                .forEach(ending -> {
                    endings.put(ending[0], ending[1].substring(ending[1].lastIndexOf('.') + 1));
                    lastEnd.accumulateAndGet(Instant.parse(ending[2]).toEpochMilli(), Math::max);
                });
        long placed = jdbc.sql(
                        "select count(*) from domain_event_entry where global_index > :from and payload_type = :type")
                .param("from", fromIndex)
                .param("type", OrderPlacedEvent.class.getName())
                .query(Long.class)
                .single();
        AtomicLong sagasLeft = new AtomicLong(-1);
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        sagasLeft.set(jdbc.sql("select count(*) from saga_entry")
                                .query(Long.class)
                                .single());
                        return sagasLeft.get() == 0;
                    });
        } catch (ConditionTimeoutException sagasRemain) {
            // reported
        }
        double completion = (lastEnd.get() - firstRequest.toEpochMilli()) / 1e3;
        Map<String, Long> ended = new TreeMap<>(
                endings.values().stream().collect(Collectors.groupingBy(ending -> ending, Collectors.counting())));
        ClusterReport.Orders orders = new ClusterReport.Orders(
                nodes.size(),
                count,
                ORDER_CONNECTIONS,
                SKUS,
                counted(outcomes),
                accepted.size(),
                gaveUp.get(),
                placed,
                endings.keySet().containsAll(accepted) && endings.size() == accepted.size(),
                ended,
                sagasLeft.get(),
                answering,
                completion,
                latencies,
                shedLags,
                cpu);
        log(
                "%d node(s), %s orders: %.1f orders completed/s (%d accepted, last ended %.2f s after the first"
                        + " request), answers %s, endings %s, checks %s; CPU %s",
                nodes.size(),
                round,
                orders.completedPerSecond(),
                accepted.size(),
                completion,
                orders.outcomes(),
                ended,
                orders.correct() ? "pass" : "FAIL",
                cpu.describe());
        return orders;
    }

    // ---- failover -------------------------------------------------------------------------------------------------

    /**
     * A steady claims load (a fixed rate, round robin over the nodes a client can reach; a node that refuses the
     * connection is left out from then on, as a load balancer does); after {@link #BEFORE_KILL_SECONDS} the node
     * holding the most segments is killed with SIGKILL and the load goes on for {@link #AFTER_KILL_SECONDS}.
     */
    private ClusterReport.Failover failover(NodeCluster cluster) throws Exception {
        // the worst case for claims: the node to be killed is the campaign's writer too
        NodeCluster.Node writer = cluster.nodeWithMostSegments();
        String campaign = campaignWrittenBy(writer, cluster.nodes());
        Http.Answer created = cluster.nodes().get(0).http().post("/admin/campaigns", campaign(campaign, 10_000_000));
        if (created.status() != 201) {
            throw new IllegalStateException("campaign not created: " + created);
        }
        SteadyClaims load = new SteadyClaims(cluster.nodes(), campaign, STEADY_RATE);
        long loadStarted = System.nanoTime();
        load.start();
        NodeCluster.Node victim;
        Map<String, Long> segmentsBefore;
        long killedAt;
        int exitStatus;
        long takeoverAt = -1;
        long viewAt = -1;
        try {
            pause(Duration.ofSeconds(BEFORE_KILL_SECONDS)); // the steady load runs meanwhile
            victim = cluster.nodeWithMostSegments();
            segmentsBefore = cluster.segmentsPerNode();
            killedAt = System.nanoTime();
            exitStatus = victim.kill();
            log("killed %s (exit %d); segments before: %s", victim, exitStatus, segmentsBefore);
            Set<NodeCluster.Node> survivors = new HashSet<>(cluster.nodes());
            survivors.remove(victim);
            List<String> survivorNames = survivors.stream()
                    .map(NodeCluster.Node::clusterName)
                    .sorted()
                    .toList();
            long observeUntil = killedAt + TimeUnit.SECONDS.toNanos(AFTER_KILL_SECONDS);
            long giveUpAt = killedAt + TimeUnit.SECONDS.toNanos(Math.max(30, AFTER_KILL_SECONDS));
            AtomicLong takeover = new AtomicLong(-1);
            AtomicLong view = new AtomicLong(-1);
            try {
                // the load goes on for AFTER_KILL_SECONDS, longer while the survivors have not taken every segment over
                await().pollInterval(Duration.ofMillis(25))
                        .atMost(Duration.ofNanos(giveUpAt - killedAt).plusSeconds(1))
                        .until(() -> {
                            long now = System.nanoTime();
                            if (takeover.get() < 0 && cluster.everySegmentOwnedBy(survivors)) {
                                takeover.set(now);
                                log(
                                        "the survivors own every segment %d ms after the kill: %s",
                                        (now - killedAt) / 1_000_000, cluster.segmentsPerNode());
                            }
                            if (view.get() < 0
                                    && survivors.stream()
                                            .allMatch(node ->
                                                    cluster.membersSeenBy(node).equals(survivorNames))) {
                                view.set(now);
                            }
                            return now >= observeUntil && (takeover.get() >= 0 || now >= giveUpAt);
                        });
            } catch (ConditionTimeoutException neverTakenOver) {
                // reported: no takeover time
            }
            takeoverAt = takeover.get();
            viewAt = view.get();
        } finally {
            load.stop();
        }
        Map<String, String> stored = grants(cluster.database(), campaign);
        ClusterReport.Failover failover = load.result(
                victim.number,
                writer.number,
                exitStatus,
                segmentsBefore,
                loadStarted,
                killedAt,
                takeoverAt,
                viewAt,
                stored,
                NodeCluster.SHARED_PROCESSORS.size() * NodeCluster.SEGMENTS);
        log(
                "failover: longest time without a grant after the kill %.0f ms, survivors own every segment after %s ms;"
                        + " answered during the gap %s",
                failover.longestGapMillis(),
                takeoverAt < 0 ? "(never)" : String.valueOf((takeoverAt - killedAt) / 1_000_000),
                failover.duringGap());
        return failover;
    }

    /** A wait of a set length, on the caller's thread (a client honouring Retry-After, the load before a kill). */
    private static void pause(Duration length) {
        await().pollDelay(length).atMost(length.plusSeconds(1)).until(() -> true);
    }

    /**
     * A campaign id whose writer is {@code node}, by Axon's consistent hash as the JGroups connector builds it: every
     * node under its cluster name with Axon's initial load factor, routed by the campaign id.
     */
    private String campaignWrittenBy(NodeCluster.Node node, List<NodeCluster.Node> nodes) {
        ConsistentHash hash = new ConsistentHash();
        for (NodeCluster.Node member : nodes) {
            hash = hash.with(
                    new SimpleMember<>(member.clusterName(), null, false, null),
                    DistributedCommandBus.INITIAL_LOAD_FACTOR,
                    AcceptAll.INSTANCE);
        }
        for (int i = 0; ; i++) {
            String campaign = "steady-" + run + "-" + i;
            if (hash.getEligibleMembers(campaign).iterator().next().name().equals(node.clusterName())) {
                return campaign;
            }
        }
    }

    /** Claims of fresh customers sent at a fixed rate, whatever the answers' latency (an open loop). */
    private static final class SteadyClaims {

        private final int nodeCount;
        private final List<NodeCluster.Node> reachable;
        private final String campaign;
        private final long periodMicros;
        private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        private final ExecutorService senders = Executors.newFixedThreadPool(256);
        private final AtomicLong sequence = new AtomicLong();
        private final ConcurrentLinkedQueue<ClusterReport.Attempt> attempts = new ConcurrentLinkedQueue<>();

        SteadyClaims(List<NodeCluster.Node> nodes, String campaign, int perSecond) {
            this.nodeCount = nodes.size();
            this.reachable = new CopyOnWriteArrayList<>(nodes);
            this.campaign = campaign;
            this.periodMicros = 1_000_000L / perSecond;
        }

        void start() {
            pacer.scheduleAtFixedRate(() -> senders.execute(this::send), 0, periodMicros, TimeUnit.MICROSECONDS);
        }

        private void send() {
            long number = sequence.incrementAndGet();
            List<NodeCluster.Node> nodes = List.copyOf(reachable);
            NodeCluster.Node node = nodes.get((int) (number % nodes.size()));
            String customer = "s" + number;
            long sent = System.nanoTime();
            Http.Answer answer =
                    node.http().post("/campaigns/" + campaign + "/claims", "{\"customerId\":\"" + customer + "\"}");
            long answered = System.nanoTime();
            if (answer.status() == -1) {
                reachable.remove(node);
            }
            attempts.add(new ClusterReport.Attempt(
                    node.number,
                    sent,
                    answered,
                    answer.status(),
                    outcome(answer),
                    clean(answer),
                    answer.status() == 201 ? answer.claimId() : null,
                    customer));
        }

        void stop() throws InterruptedException {
            pacer.shutdownNow();
            senders.shutdown();
            if (!senders.awaitTermination(60, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        }

        ClusterReport.Failover result(
                int victim,
                int writer,
                int exitStatus,
                Map<String, Long> segmentsBefore,
                long loadStarted,
                long killedAt,
                long takeoverAt,
                long viewAt,
                Map<String, String> stored,
                int segments) {
            return ClusterReport.Failover.of(
                    List.copyOf(attempts),
                    nodeCount,
                    victim,
                    writer,
                    exitStatus,
                    segmentsBefore,
                    segments,
                    STEADY_RATE,
                    loadStarted,
                    killedAt,
                    takeoverAt,
                    viewAt,
                    stored);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** The status and, for a problem, its type; a connection that failed is {@code connection error}. */
    static String outcome(Http.Answer answer) {
        if (answer.status() == -1) {
            return "connection error";
        }
        if (answer.status() / 100 == 2) {
            return String.valueOf(answer.status());
        }
        Matcher type = PROBLEM_TYPE.matcher(answer.body());
        String problem = type.find() ? type.group(1) : null;
        String reason = "";
        if ("/problems/overloaded".equals(problem)) {
            // why it was shed, without its figures: orders being fulfilled, the read model's lag, the bulkhead
            Matcher detail = PROBLEM_DETAIL.matcher(answer.body());
            reason = detail.find()
                    ? ": " + detail.group(1).replaceAll("\\d+", "N").replaceAll(";? try again shortly", "")
                    : "";
        }
        return answer.status()
                + (problem == null ? "" : " " + problem)
                + (answer.retryAfterSeconds() > 0 ? " (Retry-After)" : "")
                + reason;
    }

    /** Not a server error, or the clean kind: 503 with Retry-After, overloaded or node unavailable. */
    static boolean clean(Http.Answer answer) {
        if (answer.status() < 500) {
            return true;
        }
        Matcher type = PROBLEM_TYPE.matcher(answer.body());
        return answer.status() == 503
                && answer.retryAfterSeconds() > 0
                && type.find()
                && CLEAN_UNAVAILABLE.contains(type.group(1));
    }

    private static Map<String, Long> counted(Map<String, LongAdder> outcomes) {
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((outcome, count) -> counts.put(outcome, count.sum()));
        return counts;
    }

    interface Request {
        void send(int connection, int index) throws Exception;
    }

    /** Sends requests 0 to {@code count - 1} from {@code connections} threads, each taking the next; the seconds. */
    private static double spread(int connections, int count, Request request) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            int connection = c;
            running.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    request.send(connection, i);
                }
                return null;
            }));
        }
        try {
            for (Future<?> future : running) {
                future.get(15, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void log(String format, Object... arguments) {
        System.out.printf("[cluster] " + format + "%n", arguments);
    }
}
