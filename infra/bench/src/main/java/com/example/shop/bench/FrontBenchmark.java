package com.example.shop.bench;

import static org.awaitility.Awaitility.await;

import com.example.bare.BareApplication;
import com.example.shop.campaign.CreateCampaignCommand;
import com.example.shop.catalog.RegisterProductCommand;
import com.example.shop.money.Money;
import com.example.shop.query.catalog.ProductView;
import com.example.shop.query.projection.ProjectionCollections;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The front benchmark: the service and a bare Spring Boot endpoint ({@link BareApplication}) in this JVM, each row
 * loaded by {@code wrk} for a fixed time, rows interleaved in rounds so that drift shows. Rows: the bare endpoint, a
 * trivial authenticated endpoint, a product read from the warm cache, claims on a hot campaign and the
 * conditional-UPDATE baseline behind the same Tomcat, and two unauthenticated endpoints. An answer of a status a row
 * does not expect fails the benchmark. Writes {@code docs/benchmarks/front.md}.
 */
public final class FrontBenchmark {

    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.front.seconds", "10"));
    /** Per row: the service's request path runs far more code than the bare one, and is slower to be compiled. */
    private static final double WARM_UP_SECONDS =
            Double.parseDouble(System.getProperty("bench.front.warm-up-seconds", "30"));

    private static final int ROUNDS = Integer.getInteger("bench.front.rounds", 2);
    private static final int THREADS = Integer.getInteger("bench.front.threads", 2);
    private static final int CONNECTIONS = Integer.getInteger("bench.front.connections", 64);
    /** CPUs for wrk ({@code taskset -c}), empty to let the scheduler share both cores out. */
    private static final String WRK_CPUS = System.getProperty("bench.front.wrk-cpus", "");
    /** The rows to run, all by default; a few for a quick look (the bars need bare, trivial, product, baseline, claims). */
    private static final List<String> ROWS =
            List.of(System.getProperty("bench.front.rows", "bare,trivial,product,jwks,liveness,baseline,claims")
                    .split(","));
    /** Large enough that no row sells out: every claim is a grant, as every baseline request is an UPDATE. */
    private static final int CLAIM_QUOTA = Integer.getInteger("bench.front.claim-quota", 5_000_000);
    /** The ceiling of socket errors (timeouts, resets) a row may have, per request. */
    private static final double SOCKET_ERRORS_ALLOWED = 0.001;
    /** {@code GET /products/{sku}} before the product cache existed: 660-820 req/s on this machine. */
    private static final double PRODUCT_BEFORE_CACHE = 820;

    private static final Path OUT = Path.of(System.getProperty("bench.out", "docs/benchmarks"));

    private interface Send {
        Wrk.Result send(double seconds) throws Exception;
    }

    private interface Afterwards {
        void accept(Wrk.Result result) throws Exception;
    }

    /** @param afterwards what must run after the load and before the next row, outside the row's figures */
    private record Row(String key, String endpoint, Set<Integer> expected, Send send, Afterwards afterwards) {
        Row(String key, String endpoint, Set<Integer> expected, Send send) {
            this(key, endpoint, expected, send, result -> {});
        }
    }

    /** A row's run: wrk's figures and the CPU time this JVM (the service, the bare app) spent meanwhile. */
    private record Run(Wrk.Result load, double cpuSeconds) {
        double cpuMicrosPerRequest() {
            return cpuSeconds * 1e6 / load.requests();
        }
    }

    /** What the product rows cost MongoDB and how the cache answered them. */
    private static final class ProductCounts {
        double hits;
        double misses;
        double commands;
        double productCommands;
        final Map<String, Double> byCommand = new TreeMap<>();
    }

    private final ConfigurableApplicationContext shop;
    private final MeterRegistry meters;
    private final Wrk wrk;
    private final List<Row> rows = new ArrayList<>();
    private static final com.sun.management.OperatingSystemMXBean JVM =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Map<String, List<Run>> results = new LinkedHashMap<>();
    private final ProductCounts products = new ProductCounts();
    private final String productCollection;
    private final Http http;
    private final String campaign;
    private long granted;
    private int runs;

    private FrontBenchmark(ConfigurableApplicationContext shop, int barePort) throws Exception {
        this.shop = shop;
        this.meters = shop.getBean(MeterRegistry.class);
        this.wrk = new Wrk(THREADS, CONNECTIONS, WRK_CPUS);
        this.productCollection = shop.getBean(ProjectionCollections.class).serving(ProductView.class);
        int port = ((WebServerApplicationContext) shop).getWebServer().getPort();
        this.http = InProcessService.staffClient(shop);
        String token = http.authorization();
        String service = "http://127.0.0.1:" + port;

        String sku = "FRONT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        CommandGateway commands = shop.getBean(CommandGateway.class);
        commands.sendAndWait(new RegisterProductCommand(sku, "Front item", new Money(1999, "EUR"), 100));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/products/" + sku).status() == 200);
        this.campaign = "front-" + UUID.randomUUID().toString().substring(0, 8);
        commands.sendAndWait(new CreateCampaignCommand(
                campaign,
                "Front",
                CLAIM_QUOTA,
                10,
                Instant.now().minusSeconds(1),
                Instant.now().plus(Duration.ofHours(2))));
        HikariDataSource pool = shop.getBean(HikariDataSource.class);
        String counter = new Baselines(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword()).counter(CLAIM_QUOTA);

        Set<Integer> ok = Set.of(200);
        Set<Integer> claimed = Set.of(201, 409);
        rows.add(new Row(
                "bare",
                "bare Spring Boot `GET /bare` (no security)",
                ok,
                s -> wrk.get("http://127.0.0.1:" + barePort + BareApplication.PATH, null, s)));
        rows.add(new Row(
                "trivial",
                "`GET /actuator/info`, admin token",
                ok,
                s -> wrk.get(service + "/actuator/info", token, s)));
        rows.add(new Row(
                "product", "`GET /products/{sku}`, token, cache warm", ok, s -> productRow(service, sku, token, s)));
        rows.add(new Row(
                "jwks",
                "`GET /.well-known/jwks.json`, no token",
                ok,
                s -> wrk.get(service + "/.well-known/jwks.json", null, s)));
        rows.add(new Row(
                "liveness",
                "`GET /actuator/health/liveness`, no token",
                ok,
                s -> wrk.get(service + "/actuator/health/liveness", null, s)));
        rows.add(new Row(
                "baseline",
                "baseline (b): conditional `UPDATE` behind the service's Tomcat, token",
                claimed,
                s -> wrk.claims(service + BaselineController.PATH + "b/" + counter, token, s, "b" + runs++)));
        rows.add(new Row(
                "claims",
                "`POST /campaigns/{id}/claims`, hot campaign, staff token",
                claimed,
                s -> wrk.claims(service + "/campaigns/" + campaign + "/claims", token, s, "c" + runs++),
                this::catchUp));
        rows.removeIf(row -> !ROWS.contains(row.key()));
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run() throws Exception {
        try (ConfigurableApplicationContext shop = InProcessService.start();
                ConfigurableApplicationContext bare = BareApplication.start(
                        "--logging.level.root=WARN",
                        "--server.tomcat.threads.max=" + tomcat(shop, "threads.max"),
                        "--server.tomcat.accept-count=" + tomcat(shop, "accept-count"))) {
            FrontBenchmark benchmark = new FrontBenchmark(
                    shop, ((WebServerApplicationContext) bare).getWebServer().getPort());
            benchmark.measure();
            benchmark.write(bare);
        }
    }

    private static String tomcat(ConfigurableApplicationContext app, String setting) {
        return app.getEnvironment().getRequiredProperty("server.tomcat." + setting);
    }

    private void measure() throws Exception {
        for (Row row : rows) {
            System.out.println("warm-up " + row.key());
            run(row, WARM_UP_SECONDS);
        }
        for (Row row : rows) {
            results.put(row.key(), new ArrayList<>());
        }
        for (int round = 1; round <= ROUNDS; round++) {
            for (Row row : rows) {
                Run run = run(row, SECONDS);
                Wrk.Result result = run.load();
                results.get(row.key()).add(run);
                System.out.printf(
                        Locale.ROOT,
                        "round %d %-9s %8.0f req/s  %6.0f us CPU/request  p50 %6.2f ms  p99 %7.2f ms  %s%n",
                        round,
                        row.key(),
                        result.perSecond(),
                        run.cpuMicrosPerRequest(),
                        result.p50Millis(),
                        result.p99Millis(),
                        result.statuses());
            }
        }
    }

    private Run run(Row row, double seconds) throws Exception {
        long cpuBefore = JVM.getProcessCpuTime();
        Wrk.Result result = row.send().send(seconds);
        Run run = new Run(result, (JVM.getProcessCpuTime() - cpuBefore) / 1e9);
        check(row, result);
        row.afterwards().accept(result);
        return run;
    }

    private boolean measuring() {
        return results.containsKey("product");
    }

    private Wrk.Result productRow(String service, String sku, String token, double seconds) throws Exception {
        double hits = cacheGets("hit");
        double misses = cacheGets("miss");
        Map<String, Double> commands = mongoCommands();
        Wrk.Result result = wrk.get(service + "/products/" + sku, token, seconds);
        if (measuring()) {
            products.hits += cacheGets("hit") - hits;
            products.misses += cacheGets("miss") - misses;
            mongoCommands().forEach((command, count) -> {
                double during = count - commands.getOrDefault(command, 0.0);
                if (during > 0) {
                    products.commands += during;
                    products.byCommand.merge(command, during, Double::sum);
                    if (command.endsWith(" " + productCollection)) {
                        products.productCommands += during;
                    }
                }
            });
        }
        return result;
    }

    /** Waits until the campaign's read model has every grant, so that the next rows do not pay for them. */
    private void catchUp(Wrk.Result result) {
        granted += result.count(201);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Http.Answer state = http.get("/campaigns/" + campaign);
                    return state.status() == 200
                            && Long.parseLong(state.body().replaceAll(".*\"granted\":(\\d+).*", "$1")) >= granted;
                });
    }

    private double cacheGets(String result) {
        return count(meters.find("cache.gets")
                .tag("cache", "products")
                .tag("result", result)
                .meters());
    }

    /** MongoDB commands so far, by "command collection", from the driver's Micrometer listener. */
    private Map<String, Double> mongoCommands() {
        Map<String, Double> counts = new TreeMap<>();
        for (Meter meter : meters.find("mongodb.driver.commands").meters()) {
            String key = meter.getId().getTag("command") + " " + meter.getId().getTag("collection");
            counts.merge(key, count(List.of(meter)), Double::sum);
        }
        if (counts.isEmpty()) {
            throw new IllegalStateException("the service exports no mongodb.driver.commands meter");
        }
        return counts;
    }

    private static double count(Iterable<Meter> found) {
        double count = 0;
        for (Meter meter : found) {
            for (Measurement measurement : meter.measure()) {
                if (measurement.getStatistic() == Statistic.COUNT) {
                    count += measurement.getValue();
                }
            }
        }
        return count;
    }

    private static void check(Row row, Wrk.Result result) {
        boolean unexpected = !row.expected().containsAll(result.statuses().keySet());
        if (unexpected || result.requests() == 0 || result.socketErrors() > SOCKET_ERRORS_ALLOWED * result.requests()) {
            throw new IllegalStateException(row.key() + " expected " + row.expected() + " but answered "
                    + result.statuses() + " with " + result.socketErrors() + " socket errors in " + result.requests()
                    + " requests");
        }
    }

    private List<Run> runs(String key) {
        return results.getOrDefault(key, List.of());
    }

    private double rate(String key, int round) {
        return runs(key).size() > round ? runs(key).get(round).load().perSecond() : Double.NaN;
    }

    /** Requests per second over every round of a row. */
    private double rate(String key) {
        return requests(key)
                / runs(key).stream().mapToDouble(run -> run.load().seconds()).sum();
    }

    private long requests(String key) {
        return runs(key).stream().mapToLong(run -> run.load().requests()).sum();
    }

    /** This JVM's CPU time per request over every round of a row. */
    private double cpuMicros(String key) {
        return runs(key).stream().mapToDouble(Run::cpuSeconds).sum() * 1e6 / requests(key);
    }

    private void write(ConfigurableApplicationContext bareApp) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("# Front benchmark");
        lines.add("");
        lines.add("Written by `infra/bench/run.sh front` on " + Instant.now()
                + ". Every figure below was measured in this one run.");
        lines.add("");
        lines.addAll(Machine.describe(shop.getBean(HikariDataSource.class), "infra/bench/run.sh front"));
        lines.add("");
        lines.add(String.format(
                Locale.ROOT,
                "Every row is %s for %.0f s, after a warm-up of %.0f s per row; the rows take turns in %d rounds, so "
                        + "that drift shows. wrk, the service, the bare app (both in one JVM) and PostgreSQL share the "
                        + "machine's %d cores; other work on the machine may move the figures, less so the ratios, "
                        + "which compare rows of one run. The service runs with its rate limits off "
                        + "(`--shop.rate-limits.enabled=false`): all the load comes from one address and one token. "
                        + "Latencies are wrk's, of every request of the run. JVM CPU is the CPU time this JVM (the "
                        + "service and the bare app, background work included) spent while wrk ran, per request: other "
                        + "work on the machine moves it less than the rates.",
                wrk.describe(),
                SECONDS,
                WARM_UP_SECONDS,
                ROUNDS,
                Runtime.getRuntime().availableProcessors()));
        lines.add("");
        lines.add(String.format(
                Locale.ROOT,
                "The bare row is a Spring Boot app of its own in the same JVM (`BareApplication`): embedded Tomcat, "
                        + "DispatcherServlet, Spring MVC and Jackson, one `@GetMapping` answering a two-entry map, no "
                        + "filters, security, actuator or observation. Both Tomcats have %s threads at most and an "
                        + "accept queue of %s; the service's Tomcat also has its problem+json error valve.",
                tomcat(bareApp, "threads.max"),
                tomcat(bareApp, "accept-count")));
        lines.add("");
        lines.add("Claims: every request claims for a customer of its own (the benchmark's staff account may claim for "
                + "anyone) on a campaign whose quota (" + String.format(Locale.ROOT, "%,d", CLAIM_QUOTA)
                + ") no row exhausts, so every answer is a grant, a durable event; the baseline's counter "
                + "holds the same quota and every request is one committed `UPDATE ... WHERE remaining > 0` on "
                + "a pool with a connection per wrk connection. After each claims row the benchmark waits "
                + "until the campaign's read model has every grant, so the rows after it do not pay for them.");
        lines.add("");
        lines.add("| endpoint | round | requests/s | vs bare | JVM CPU µs/request | p50 ms | p99 ms | answers |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---|");
        for (Row row : rows) {
            for (int round = 0; round < ROUNDS; round++) {
                Run run = runs(row.key()).get(round);
                Wrk.Result result = run.load();
                lines.add(String.format(
                        Locale.ROOT,
                        "| %s | %d | %,.0f | %.2fx | %,.0f | %.2f | %.2f | %s |",
                        row.endpoint(),
                        round + 1,
                        result.perSecond(),
                        result.perSecond() / rate("bare", round),
                        run.cpuMicrosPerRequest(),
                        result.p50Millis(),
                        result.p99Millis(),
                        result.statuses()
                                + (result.socketErrors() == 0 ? "" : ", " + result.socketErrors() + " socket errors")));
            }
        }
        lines.add("");
        double bare = rate("bare");
        double trivial = rate("trivial");
        double product = rate("product");
        double claims = rate("claims");
        double baseline = rate("baseline");
        double hitRate = products.hits / (products.hits + products.misses);
        long productRequests = requests("product");
        lines.add("Bars, on the requests per second of all rounds together:");
        lines.add("");
        lines.add("| bar | measured | target | |");
        lines.add("|---|---:|---|---|");
        bar(lines, "trivial endpoint against bare", trivial / bare, "x", "at least 0.6x", trivial / bare >= 0.6);
        bar(lines, "product read against bare", product / bare, "x", "at least 0.5x", product / bare >= 0.5);
        bar(
                lines,
                "product read against before the cache (" + (int) PRODUCT_BEFORE_CACHE + " req/s)",
                product / PRODUCT_BEFORE_CACHE,
                "x",
                "at least 10x",
                product / PRODUCT_BEFORE_CACHE >= 10);
        bar(lines, "claims against baseline (b)", claims / baseline, "x", "at least 2x", claims / baseline >= 2);
        bar(
                lines,
                "claims against the trivial endpoint",
                claims / trivial,
                "x",
                "at least 0.5x",
                claims / trivial >= 0.5);
        bar(lines, "product cache hit rate", 100 * hitRate, "%", "close to 100%", hitRate >= 0.999);
        double perThousand = 1000 * products.productCommands / productRequests;
        bar(
                lines,
                "MongoDB commands on `" + productCollection + "` per 1,000 product reads",
                perThousand,
                "",
                "close to zero (under 1)",
                perThousand < 1);
        lines.add("");
        lines.add(String.format(
                Locale.ROOT,
                "JVM CPU per request, all rounds: bare %,.0f µs, trivial %,.0f µs (%.1fx bare), product %,.0f µs "
                        + "(%.1fx), claims %,.0f µs, baseline (b) %,.0f µs.",
                cpuMicros("bare"),
                cpuMicros("trivial"),
                cpuMicros("trivial") / cpuMicros("bare"),
                cpuMicros("product"),
                cpuMicros("product") / cpuMicros("bare"),
                cpuMicros("claims"),
                cpuMicros("baseline")));
        lines.add("");
        lines.add(String.format(
                Locale.ROOT,
                "During the measured product rows (%,d requests): %,.0f cache hits, %,.0f misses "
                        + "(`cache.gets{cache=products}`); %,.0f MongoDB commands in all (`mongodb.driver.commands`, "
                        + "the driver's listener), by command and collection: %s. Commands on other collections come "
                        + "from the service's background work (processors, the serving-generation check).",
                productRequests,
                products.hits,
                products.misses,
                products.commands,
                products.byCommand.isEmpty() ? "none" : formatCounts(products.byCommand)));
        lines.add("");
        Files.createDirectories(OUT);
        Files.write(OUT.resolve("front.md"), lines);
        lines.forEach(System.out::println);
    }

    private static String formatCounts(Map<String, Double> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((key, count) -> parts.add(String.format(Locale.ROOT, "`%s` %,.0f", key, count)));
        return String.join(", ", parts);
    }

    private static void bar(List<String> lines, String bar, double value, String unit, String target, boolean met) {
        lines.add(
                String.format(Locale.ROOT, "| %s | %.2f%s | %s |%s |", bar, value, unit, target, Report.verdict(met)));
    }
}
