package com.example.shop.bench;

import static org.awaitility.Awaitility.await;

import com.example.shop.campaign.ClaimDecision;
import com.example.shop.campaign.ClaimRejection;
import com.example.shop.campaign.CreateCampaignCommand;
import com.example.shop.campaign.DiscountClaimsGrantedEvent;
import com.example.shop.catalog.RegisterProductCommand;
import com.example.shop.command.campaign.ClaimBatcher;
import com.example.shop.inventory.RestockCommand;
import com.example.shop.inventory.StockCommittedEvent;
import com.example.shop.inventory.StockIds;
import com.example.shop.inventory.StockLevelChanged;
import com.example.shop.inventory.StockReservedEvent;
import com.example.shop.money.Money;
import com.example.shop.query.order.OrderView;
import com.example.shop.query.projection.ProjectionCollections;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The flash-sale benchmark: starts the service in this JVM on a real PostgreSQL (the local one if it
 * listens on 127.0.0.1:5432, an embedded one otherwise), then runs, on the same database:
 * <ol>
 *   <li>speed: time to grant a quota on one hot campaign, against the two SQL baselines, same client count;</li>
 *   <li>the correctness flood over HTTP (default 100,000 attempts, 50,000 customers, 256 connections);</li>
 *   <li>sold-out rejections against a trivial endpoint;</li>
 *   <li>one hot SKU under concurrent orders, with load shedding;</li>
 *   <li>command cost on an aggregate with a long history against a short one.</li>
 * </ol>
 * Prints a table and writes {@code docs/benchmarks/flash-sale.md} with a chart. Sizes are system properties.
 */
public final class FlashSaleBenchmark {

    private static final int QUOTA = Integer.getInteger("bench.quota", 10_000);
    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 50_000);
    private static final int FLOOD_CONNECTIONS = Integer.getInteger("bench.flood-connections", 256);
    private static final int HTTP_LAG_SAMPLE_EVERY = 10;
    static final int SPEED_CLIENTS = Integer.getInteger("bench.speed-clients", 64);
    private static final int HOT_SKU_STOCK = Integer.getInteger("bench.hot-sku-stock", 5_000);
    private static final int HOT_SKU_ATTEMPTS = Integer.getInteger("bench.hot-sku-attempts", 20_000);
    private static final int HOT_SKU_WARM_UP_ATTEMPTS = Integer.getInteger("bench.hot-sku-warm-up-attempts", 5_000);
    private static final int HISTORY = Integer.getInteger("bench.history-events", 100_000);
    private static final double RATE_SECONDS = Double.parseDouble(System.getProperty("bench.rate-seconds", "5"));
    private static final Path OUT = Path.of(System.getProperty("bench.out", "docs/benchmarks"));
    /** The scenarios to run, in order: all by default; one or a few (repeated to warm up) for a quick look. */
    private static final List<String> SCENARIOS =
            List.of(System.getProperty("bench.scenarios", "speed,flood,sold-out,hot-sku,history")
                    .split(","));

    private final ConfigurableApplicationContext app;

    private final Http http;
    private final CommandGateway commands;
    private final EventStore eventStore;
    private final JdbcClient jdbc;
    private final Report report = new Report();

    private FlashSaleBenchmark(ConfigurableApplicationContext app) {
        this.app = app;
        this.http = InProcessService.staffClient(app);
        this.commands = app.getBean(CommandGateway.class);
        this.eventStore = app.getBean(EventStore.class);
        this.jdbc = app.getBean(JdbcClient.class);
    }

    public static void main(String[] args) throws Exception {
        LogWatch logWatch = LogWatch.install();
        try (ConfigurableApplicationContext app = InProcessService.start()) {
            FlashSaleBenchmark benchmark = new FlashSaleBenchmark(app);
            benchmark.report.machine(app.getBean(HikariDataSource.class));
            for (String scenario : SCENARIOS) {
                switch (scenario) {
                    case "speed" -> benchmark.speed();
                    case "flood" -> benchmark.flood();
                    case "sold-out" -> benchmark.soldOutRate();
                    case "hot-sku" -> benchmark.hotSku();
                    case "history" -> benchmark.history();
                    default -> throw new IllegalArgumentException("no scenario " + scenario);
                }
            }
            benchmark.report.logs(logWatch);
            benchmark.report.write(OUT);
        }
        System.exit(0);
    }

    private String campaign(int quota) {
        String id = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        commands.sendAndWait(new CreateCampaignCommand(
                id,
                "Benchmark",
                quota,
                50,
                Instant.now().minusSeconds(1),
                Instant.now().plus(Duration.ofHours(1))));
        return id;
    }

    private void speed() throws Exception {
        HikariDataSource pool = app.getBean(HikariDataSource.class);
        Baselines baselines = new Baselines(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
        ClaimBatcher batcher = app.getBean(ClaimBatcher.class);
        // one warm-up round of each, so the JIT and the caches do not decide the comparison
        baselines.run("warm-up", Baselines.CONDITIONAL_UPDATE, SPEED_CLIENTS, 500);
        http.post(BaselineController.PATH + "b/" + baselines.counter(0), "");
        for (int round = 0; round < 3; round++) {
            claimsOverHttp(campaign(2_000), 2_000);
        }

        List<Load.Result> results = new ArrayList<>();
        results.add(baselines.run(
                "(a) lock, then update; JDBC", Baselines.SELECT_FOR_UPDATE_THEN_UPDATE, SPEED_CLIENTS, QUOTA));
        results.add(baselines.run("(b) conditional update; JDBC", Baselines.CONDITIONAL_UPDATE, SPEED_CLIENTS, QUOTA));
        results.add(baselineOverHttp("(a) lock, then update; HTTP", "a", baselines));
        results.add(baselineOverHttp("(b) conditional update; HTTP", "b", baselines));
        results.add(claimsOverHttp(campaign(QUOTA), QUOTA));
        String inProcess = campaign(QUOTA);
        AtomicLong customer = new AtomicLong();
        results.add(Load.untilSoldOut("ours, event-sourced; in-process", SPEED_CLIENTS, QUOTA, client -> {
            ClaimDecision decision =
                    batcher.claim(inProcess, "p" + customer.incrementAndGet()).get(60, TimeUnit.SECONDS);
            return decision.isGranted()
                    ? Load.Outcome.GRANTED
                    : decision.rejection() == ClaimRejection.SOLD_OUT ? Load.Outcome.SOLD_OUT : Load.Outcome.OTHER;
        }));
        report.speed(results);
    }

    private Load.Result baselineOverHttp(String name, String kind, Baselines baselines) throws Exception {
        String path = BaselineController.PATH + kind + "/" + baselines.counter(QUOTA);
        return Load.untilSoldOut(name, SPEED_CLIENTS, QUOTA, client -> {
            Http.Answer answer = http.post(path, "");
            return answer.status() == 201
                    ? Load.Outcome.GRANTED
                    : answer.status() == 409 ? Load.Outcome.SOLD_OUT : Load.Outcome.OTHER;
        });
    }

    private Load.Result claimsOverHttp(String campaign, int quota) throws Exception {
        AtomicLong customer = new AtomicLong();
        return Load.untilSoldOut("ours, event-sourced; HTTP", SPEED_CLIENTS, quota, client -> {
            Http.Answer answer = http.post(
                    "/campaigns/" + campaign + "/claims", "{\"customerId\":\"s" + customer.incrementAndGet() + "\"}");
            return answer.status() == 201
                    ? Load.Outcome.GRANTED
                    : answer.body().contains("SOLD_OUT") ? Load.Outcome.SOLD_OUT : Load.Outcome.OTHER;
        });
    }

    private void flood() throws Exception {
        String campaign = campaign(QUOTA);
        List<String> attempts = new ArrayList<>(2 * CUSTOMERS);
        for (int round = 0; round < 2; round++) {
            for (int c = 0; c < CUSTOMERS; c++) {
                attempts.add("f" + c);
            }
        }
        Collections.shuffle(attempts, new Random(42));
        Map<String, String> grantedClaims = new ConcurrentHashMap<>();
        AtomicInteger grantedTwice = new AtomicInteger();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicLong lastGrant = new AtomicLong();
        Latencies latencies = new Latencies();
        long start = System.nanoTime();
        double floodSeconds = Load.spread(FLOOD_CONNECTIONS, attempts.size(), i -> {
            String customer = attempts.get(i);
            long sent = System.nanoTime();
            Http.Answer answer =
                    http.post("/campaigns/" + campaign + "/claims", "{\"customerId\":\"" + customer + "\"}");
            long answered = System.nanoTime();
            latencies.add(answered - sent);
            statuses.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
            if (answer.status() == 201) {
                lastGrant.accumulateAndGet(answered, Math::max);
                if (grantedClaims.putIfAbsent(customer, answer.claimId()) != null) {
                    grantedTwice.incrementAndGet();
                }
            }
        });
        double sellOutSeconds = (lastGrant.get() - start) / 1e9;

        Set<String> storedClaims = new HashSet<>();
        DomainEventStream stream = eventStore.readEvents(campaign, 0); // from the first event, not the latest snapshot
        while (stream.hasNext()) {
            if (stream.next().getPayload() instanceof DiscountClaimsGrantedEvent granted) {
                granted.grants().forEach(grant -> storedClaims.add(grant.claimId()));
            }
        }
        long catchUpStart = System.nanoTime();
        AtomicInteger readModelGranted = new AtomicInteger(-1);
        try {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        Http.Answer state = http.get("/campaigns/" + campaign);
                        if (state.status() == 200) { // 404 until the projection has seen the campaign
                            readModelGranted.set(
                                    Integer.parseInt(state.body().replaceAll(".*\"granted\":(\\d+).*", "$1")));
                        }
                        return readModelGranted.get() == QUOTA;
                    });
        } catch (ConditionTimeoutException notCaughtUp) {
            // reported as it stands: the read model's count and the time waited
        }
        double catchUpSeconds = (System.nanoTime() - catchUpStart) / 1e9;
        Map<Integer, Long> statusCounts = new HashMap<>();
        statuses.forEach((status, count) -> statusCounts.put(status, count.sum()));
        report.flood(new Report.Flood(
                attempts.size(),
                CUSTOMERS,
                FLOOD_CONNECTIONS,
                QUOTA,
                statusCounts,
                grantedClaims.size(),
                grantedTwice.get(),
                storedClaims.size(),
                storedClaims.equals(new HashSet<>(grantedClaims.values())),
                readModelGranted.get(),
                catchUpSeconds,
                floodSeconds,
                sellOutSeconds,
                latencies));
    }

    private void soldOutRate() throws Exception {
        String campaign = campaign(1);
        http.post("/campaigns/" + campaign + "/claims", "{\"customerId\":\"first\"}");
        http.post("/campaigns/" + campaign + "/claims", "{\"customerId\":\"second\"}");
        AtomicLong customer = new AtomicLong();
        long commitsBefore = commits();
        double rejections = Load.ratePerSecond(SPEED_CLIENTS, RATE_SECONDS, client -> {
            Http.Answer answer = http.post(
                    "/campaigns/" + campaign + "/claims",
                    "{\"customerId\":\"late" + customer.incrementAndGet() + "\"}");
            if (answer.status() != 409) {
                throw new IllegalStateException("expected a sold-out answer, got " + answer);
            }
            return Load.Outcome.SOLD_OUT;
        });
        long commitsDuring = commits() - commitsBefore;
        long requests = customer.get();
        double trivial = Load.ratePerSecond(SPEED_CLIENTS, RATE_SECONDS, client -> {
            http.get("/actuator/info");
            return Load.Outcome.OTHER;
        });
        report.soldOut(rejections, trivial, requests, commitsDuring);
    }

    private long commits() {
        return jdbc.sql("select xact_commit from pg_stat_database where datname = current_database()")
                .query(Long.class)
                .single();
    }

    /**
     * Orders answer 202 at once; the fulfilment sagas then reserve, charge (simulated gateway) and ship. The
     * invariants are checked on the stock's stream once every saga has ended. A smaller round on another SKU
     * goes first and is not reported: the order paths (placement, sagas, the orders projection) run nowhere
     * else in this benchmark, and a service in use has them compiled.
     */
    private void hotSku() throws Exception {
        hotSkuRound(HOT_SKU_WARM_UP_ATTEMPTS, HOT_SKU_WARM_UP_ATTEMPTS / 2, true); // patient: more orders get through
        Report.HotSku patient = hotSkuRound(HOT_SKU_ATTEMPTS, HOT_SKU_STOCK, true);
        Report.HotSku impatient = hotSkuRound(HOT_SKU_ATTEMPTS, HOT_SKU_STOCK, false);
        report.hotSku(patient, impatient, HOT_SKU_WARM_UP_ATTEMPTS);
    }

    /** @param honourRetryAfter whether a client refused with Retry-After waits that long before its next order */
    private Report.HotSku hotSkuRound(int attempts, int stock, boolean honourRetryAfter) throws Exception {
        String sku = "HOT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        commands.sendAndWait(new RegisterProductCommand(sku, "Hot item", new Money(1000, "EUR"), stock));
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        Latencies latencies = new Latencies();
        // the read model itself (a MongoDB query in this process), and the same through the flooded HTTP front
        MongoTemplate mongo = app.getBean(MongoTemplate.class);
        String orders = app.getBean(ProjectionCollections.class).serving(OrderView.class);
        ProjectionLag lag = new ProjectionLag(orderIds -> mongo.getCollection(orders)
                .find(new Document("_id", new Document("$in", List.copyOf(orderIds))))
                .projection(new Document("_id", 1))
                .map(document -> document.getString("_id"))
                .into(new HashSet<>()));
        ProjectionLag lagOverHttp = new ProjectionLag(orderIds -> orderIds.stream()
                .filter(orderId -> http.get("/orders/" + orderId).status() == 200)
                .collect(Collectors.toSet()));
        long start = System.nanoTime();
        double seconds = Load.spread(FLOOD_CONNECTIONS, attempts, i -> {
            long sent = System.nanoTime();
            Http.Answer answer = http.post("/orders", """
                    {"customerId":"hot%d","currency":"EUR","lines":[{"sku":"%s","quantity":1}],
                     "shippingAddress":{"name":"Hot Buyer","line1":"1 Bench Street","postalCode":"10115","city":"Berlin",
                     "country":"DE"},"payment":{"cardToken":"tok_bench_4242"}}""".formatted(i, sku));
            long answered = System.nanoTime();
            latencies.add(answered - sent);
            statuses.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
            if (honourRetryAfter && answer.retryAfterSeconds() > 0) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(answer.retryAfterSeconds()));
            }
            if (answer.status() == 202) {
                accepted.add(answer.orderId());
                lag.watch(answer.orderId(), answered);
                if (i % HTTP_LAG_SAMPLE_EVERY == 0) { // each watched id costs a GET per sweep
                    lagOverHttp.watch(answer.orderId(), answered);
                }
            }
        });
        Latencies projectionLag = lag.finish();
        Latencies projectionLagOverHttp = lagOverHttp.finish();
        await().atMost(Duration.ofMinutes(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> jdbc.sql("select count(*) from saga_entry")
                                .query(Long.class)
                                .single()
                        == 0);
        double endSeconds = (System.nanoTime() - start) / 1e9;

        Map<String, Long> reservations = new HashMap<>();
        Map<String, Long> commits = new HashMap<>();
        long minAvailable = Long.MAX_VALUE;
        long available = stock;
        long reserved = 0;
        int duplicated = 0;
        DomainEventStream stream = eventStore.readEvents(StockIds.of(sku), 0);
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof StockReservedEvent reservation
                    && reservations.put(reservation.orderId(), reservation.quantity()) != null) {
                duplicated++;
            }
            if (payload instanceof StockCommittedEvent commit) {
                commits.put(commit.orderId(), commit.quantity());
            }
            if (payload instanceof StockLevelChanged levels) {
                available = levels.available();
                reserved = levels.reserved();
                minAvailable = Math.min(minAvailable, Math.min(levels.available(), levels.reserved()));
            }
        }
        long committed = commits.values().stream().mapToLong(Long::longValue).sum();
        Map<Integer, Long> statusCounts = new HashMap<>();
        statuses.forEach((status, count) -> statusCounts.put(status, count.sum()));
        return new Report.HotSku(
                attempts,
                FLOOD_CONNECTIONS,
                stock,
                statusCounts,
                accepted.size(),
                commits.size(),
                accepted.containsAll(commits.keySet()) && reservations.equals(commits),
                duplicated,
                minAvailable,
                available,
                reserved,
                committed,
                seconds,
                endSeconds,
                latencies,
                projectionLag,
                projectionLagOverHttp);
    }

    private void history() throws Exception {
        String shortSku =
                "HIST-S-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String longSku =
                "HIST-L-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        commands.sendAndWait(new RegisterProductCommand(shortSku, "Short history", new Money(100, "EUR"), 0));
        commands.sendAndWait(new RegisterProductCommand(longSku, "Long history", new Money(100, "EUR"), 0));
        long generationStart = System.nanoTime();
        restock(shortSku, 99);
        restock(longSku, HISTORY - 1);
        double generationSeconds = (System.nanoTime() - generationStart) / 1e9;
        Cache stockCache = app.getBean("stockCache", Cache.class);

        Report.History history = new Report.History(HISTORY, generationSeconds);
        for (int round = 0; round < 2; round++) { // the first round warms the JIT
            history.warmShort = timeCommands(shortSku, 2_000, null);
            history.warmLong = timeCommands(longSku, 2_000, null);
            history.coldShort = timeCommands(shortSku, 300, stockCache);
            history.coldLong = timeCommands(longSku, 300, stockCache);
        }
        report.history(history);
    }

    private void restock(String sku, int commandsToSend) throws InterruptedException {
        // four senders keep the aggregate busy; commands on one aggregate still run one at a time
        ExecutorService senders = Executors.newFixedThreadPool(4);
        AtomicInteger left = new AtomicInteger(commandsToSend);
        for (int s = 0; s < 4; s++) {
            senders.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    commands.sendAndWait(new RestockCommand(sku, 1));
                }
            });
        }
        senders.shutdown();
        senders.awaitTermination(30, TimeUnit.MINUTES);
    }

    /** Mean latency of one restock; with a cache given, the aggregate is evicted first (a cold load from snapshot). */
    private Latencies timeCommands(String sku, int count, Cache evictFrom) {
        Latencies latencies = new Latencies();
        for (int i = 0; i < count; i++) {
            if (evictFrom != null) {
                evictFrom.remove(StockIds.of(sku));
            }
            long started = System.nanoTime();
            commands.sendAndWait(new RestockCommand(sku, 1));
            latencies.add(System.nanoTime() - started);
        }
        return latencies;
    }
}
