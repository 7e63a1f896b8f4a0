package com.example.shop.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What watching the service costs: the bytes it logs per 1,000 claims and per 1,000 orders with its default settings
 * (JSON lines at INFO), and what tracing at the default sampling costs against tracing switched off, in throughput and
 * in CPU time. One node ({@code shop-dev.jar}, as the cluster benchmark starts it), started afresh for each variant;
 * the variants alternate ({@code bench.observability.rounds} times each) so that drift on a shared machine shows
 * in both alike. The rounds of claims and orders, their warm-up and their checks are the cluster benchmark's.
 * Writes {@code docs/benchmarks/observability.md}.
 */
final class ObservabilityBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.observability.rounds", 2);
    /** The bar: tracing at the default sampling costs at most this share of the throughput. */
    private static final double TRACING_BAR = 0.05;
    /** Only what the load needs: it comes from one address, so the rate limits would measure themselves. */
    private static final List<String> NODE_ARGUMENTS = List.of("--shop.rate-limits.enabled=false");

    enum Variant {
        DEFAULTS("defaults", "the service's defaults: tracing on, sampling 0.1, JSON log lines at INFO", List.of()),
        TRACING_OFF("tracing off", "the same with tracing switched off", List.of("--management.tracing.enabled=false"));

        final String label;
        final String description;
        final List<String> arguments;

        Variant(String label, String description, List<String> arguments) {
            this.label = label;
            this.description = description;
            this.arguments = arguments;
        }

        List<String> nodeArguments() {
            List<String> all = new ArrayList<>(NODE_ARGUMENTS);
            all.addAll(arguments);
            return all;
        }
    }

    record Run(
            Variant variant,
            int round,
            int warmUpRounds,
            ClusterReport.Claims claims,
            long claimsLogBytes,
            ClusterReport.Orders orders,
            long ordersLogBytes,
            long wholeLogBytes) {

        double logBytesPerThousandClaims() {
            return 1000.0 * claimsLogBytes / claims.attempts();
        }

        double logBytesPerThousandOrders() {
            return 1000.0 * ordersLogBytes / orders.accepted();
        }
    }

    private ObservabilityBenchmark() {}

    public static void main(String[] args) {
        int status = 0;
        try {
            run();
        } catch (Throwable failure) {
            failure.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run() throws Exception {
        ClusterBenchmark rounds = new ClusterBenchmark();
        Path runDirectory = ClusterBenchmark.RUNS.resolve(
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-observability");
        List<String> machine;
        try (HikariDataSource admin = new HikariDataSource()) {
            admin.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/postgres");
            admin.setUsername("postgres");
            admin.setMaximumPoolSize(1);
            machine = Machine.describe(admin, ClusterBenchmark.command("observability"));
        }
        String loadBefore = ClusterReport.loadAverage();
        long started = System.nanoTime();
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (Variant variant : Variant.values()) {
                runs.add(measure(rounds, variant, round, runDirectory.resolve(round + "-" + variant.name())));
            }
        }
        String report = report(
                machine,
                loadBefore,
                ClusterReport.loadAverage(),
                (System.nanoTime() - started) / 1e9,
                runDirectory,
                runs);
        System.out.println(report);
        Path file = ClusterBenchmark.OUT.resolve("observability.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        System.out.println("Report written to " + file);
    }

    private static Run measure(ClusterBenchmark rounds, Variant variant, int round, Path directory) throws Exception {
        try (NodeCluster node = NodeCluster.start(
                1,
                directory,
                ClusterBenchmark.DEV_JAR,
                ClusterBenchmark.NODE_JVM,
                variant.nodeArguments(),
                ClusterBenchmark.ADMIN_EMAIL,
                ClusterBenchmark.ADMIN_PASSWORD)) {
            int warmUpRounds = rounds.warmUp(node, 1);
            Path log = node.nodes().get(0).log;
            long beforeClaims = Files.size(log);
            ClusterReport.Claims claims =
                    rounds.claims(node, "measured", ClusterBenchmark.QUOTA, ClusterBenchmark.CUSTOMERS);
            long beforeOrders = Files.size(log);
            ClusterReport.Orders orders = rounds.orders(node, "measured", ClusterBenchmark.ORDERS);
            long after = Files.size(log);
            if (!claims.correct() || !orders.correct()) {
                throw new IllegalStateException(variant.label + ", round " + round + ": a check failed");
            }
            Run run = new Run(
                    variant,
                    round,
                    warmUpRounds,
                    claims,
                    beforeOrders - beforeClaims,
                    orders,
                    after - beforeOrders,
                    after);
            System.out.printf(
                    Locale.ROOT,
                    "[observability] %s, round %d: %.0f grants/s, %.1f orders completed/s, log %.0f bytes per 1,000 "
                            + "claims, %.0f per 1,000 orders%n",
                    variant.label,
                    round,
                    claims.grantsPerSecond(),
                    orders.completedPerSecond(),
                    run.logBytesPerThousandClaims(),
                    run.logBytesPerThousandOrders());
            return run;
        }
    }

    private static String report(
            List<String> machine,
            String loadBefore,
            String loadAfter,
            double seconds,
            Path runDirectory,
            List<Run> runs) {
        List<String> lines = new ArrayList<>();
        lines.add("# Observability benchmark");
        lines.add("");
        lines.add(String.format(
                Locale.ROOT,
                "Written by `infra/bench/run.sh observability` on %s. Every figure below was measured in this one run "
                        + "(%.0f s in all).",
                Instant.now(),
                seconds));
        lines.add("");
        lines.addAll(machine);
        lines.add("| load average (1, 5, 15 min) | before " + loadBefore + ", after " + loadAfter + " |");
        lines.add("");
        lines.add(String.format(
                Locale.ROOT,
                "One node of `infra/app/target/shop-dev.jar` (`%s`, `%s`) with its shared parts, as the cluster "
                        + "benchmark starts it, started afresh for each variant; the variants alternate (rounds of each: %d). "
                        + "In each: warm-up rounds until the JIT has settled, then %,d claim attempts on a quota "
                        + "of %,d, then %,d orders to the end of fulfilment, as in `docs/benchmarks/cluster.md` "
                        + "(the same checks pass in every run). Variants: **defaults**: %s; **tracing off**: %s "
                        + "(`--management.tracing.enabled=false`). The log is everything the node wrote to its "
                        + "standard output and error, which is where the service logs by default. Logs: `%s`.",
                String.join(" ", ClusterBenchmark.NODE_JVM),
                String.join(" ", NODE_ARGUMENTS),
                ROUNDS,
                2 * ClusterBenchmark.CUSTOMERS,
                ClusterBenchmark.QUOTA,
                ClusterBenchmark.ORDERS,
                Variant.DEFAULTS.description,
                Variant.TRACING_OFF.description,
                runDirectory));
        lines.add("");
        lines.add("| variant | round | grants/s | orders completed/s | node + PostgreSQL CPU per claim answered | "
                + "per order | log bytes per 1,000 claims | per 1,000 orders | whole log (start-up and warm-up too) "
                + "| warm-up rounds |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Run run : runs) {
            lines.add(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.0f | %.1f | %.2f ms | %.1f ms | %,.0f | %,.0f | %,d bytes | %d |",
                    run.variant().label,
                    run.round(),
                    run.claims().grantsPerSecond(),
                    run.orders().completedPerSecond(),
                    run.claims().cpuMillisPerAnswer(),
                    run.orders().cpuMillisPerOrder(),
                    run.logBytesPerThousandClaims(),
                    run.logBytesPerThousandOrders(),
                    run.wholeLogBytes(),
                    run.warmUpRounds()));
        }
        lines.add("");
        double grants = ratio(runs, run -> run.claims().grantsPerSecond());
        double orders = ratio(runs, run -> run.orders().completedPerSecond());
        double claimCpu = ratio(runs, run -> run.claims().cpuMillisPerAnswer());
        double orderCpu = ratio(runs, run -> run.orders().cpuMillisPerOrder());
        lines.add(String.format(
                Locale.ROOT,
                "Tracing at the default sampling against tracing off (means of the rounds): grants/s %.2fx%s, orders "
                        + "completed/s %.2fx%s (bar: at least %.2fx); CPU per claim answered %.2fx, per order %.2fx.",
                grants,
                ClusterReport.verdict(grants >= 1 - TRACING_BAR),
                orders,
                ClusterReport.verdict(orders >= 1 - TRACING_BAR),
                1 - TRACING_BAR,
                claimCpu,
                orderCpu));
        lines.add("");
        lines.add(String.format(
                Locale.ROOT,
                "Log volume with the defaults (means of the rounds): %,.0f bytes per 1,000 claim attempts, %,.0f bytes "
                        + "per 1,000 orders.",
                mean(runs, Variant.DEFAULTS, Run::logBytesPerThousandClaims),
                mean(runs, Variant.DEFAULTS, Run::logBytesPerThousandOrders)));
        lines.add("");
        return String.join("\n", lines);
    }

    private static double ratio(List<Run> runs, ToDoubleFunction<Run> figure) {
        return mean(runs, Variant.DEFAULTS, figure) / mean(runs, Variant.TRACING_OFF, figure);
    }

    private static double mean(List<Run> runs, Variant variant, ToDoubleFunction<Run> figure) {
        return runs.stream()
                .filter(run -> run.variant() == variant)
                .mapToDouble(figure)
                .average()
                .orElseThrow();
    }
}
