package com.example.shop.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** Collects the figures, prints them, and writes the Markdown report with its chart. */
final class Report {

    record Flood(
            int attempts,
            int customers,
            int connections,
            int quota,
            Map<Integer, Long> statuses,
            int granted,
            int grantedTwice,
            int storedGrants,
            boolean storeMatchesAnswers,
            int readModelGranted,
            double catchUpSeconds,
            double floodSeconds,
            double sellOutSeconds,
            Latencies latencies) {}

    record HotSku(
            int attempts,
            int connections,
            int stock,
            Map<Integer, Long> statuses,
            int accepted,
            int shipped,
            boolean reservationsMatchShipments,
            int duplicatedReservations,
            long lowestLevel,
            long available,
            long reserved,
            long committed,
            double seconds,
            double endSeconds,
            Latencies latencies,
            Latencies projectionLag,
            Latencies projectionLagOverHttp) {}

    static final class History {
        final int events;
        final double generationSeconds;
        Latencies warmShort;
        Latencies warmLong;
        Latencies coldShort;
        Latencies coldLong;

        History(int events, double generationSeconds) {
            this.events = events;
            this.generationSeconds = generationSeconds;
        }
    }

    private final StringBuilder markdown = new StringBuilder();
    private List<Load.Result> speed;

    void machine(HikariDataSource dataSource) throws Exception {
        line("# Flash-sale benchmark");
        line("");
        line("Written by `infra/bench/run.sh` on " + Instant.now()
                + ". Every figure below was measured in this one run.");
        line("");
        Machine.describe(dataSource, "infra/bench/run.sh").forEach(this::line);
        line("");
        line(
                "The service, the load clients and PostgreSQL share the machine's cores, for the baselines and for us alike.");
        line("");
    }

    /** Expects, in order: (a) and (b) over JDBC, (a) and (b) over HTTP, then our rows. */
    void speed(List<Load.Result> results) {
        this.speed = results;
        Load.Result aJdbc = results.get(0);
        Load.Result bJdbc = results.get(1);
        Load.Result aHttp = results.get(2);
        Load.Result bHttp = results.get(3);
        line("## 1. Grants per second on one hot campaign");
        line("");
        line("Each row grants a quota of " + aJdbc.grants() + " with " + aJdbc.clients()
                + " clients in a closed loop, until sold out; the rate is measured up to the last grant. "
                + "(a) is `SELECT remaining ... FOR UPDATE`, then `UPDATE`, in one transaction; (b) is one "
                + "`UPDATE ... SET remaining = remaining - 1 WHERE id = ? AND remaining > 0`. The baselines run twice: "
                + "straight on JDBC (one connection per client), and behind the same Tomcat and Spring MVC as our "
                + "endpoint (a pool with one connection per client). Ours runs over HTTP (`POST /campaigns/{id}/claims`) "
                + "and in-process (`ClaimBatcher`, the same path without HTTP). Compare like with like: HTTP with HTTP, "
                + "in-process with JDBC. Every grant of ours is a durable event, committed with `synchronous_commit` "
                + "on, one commit per batch of decisions; the baselines do not check one claim per customer.");
        line("");
        line(
                "| approach | grants/s | vs (a) JDBC | vs (b) JDBC | vs (a) HTTP | vs (b) HTTP | p50 ms | p99 ms | sold out after s |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Load.Result result : results) {
            double rate = result.grantsPerSecond();
            line(String.format(
                    Locale.ROOT,
                    "| %s | %.0f | %.2fx | %.2fx | %.2fx | %.2fx | %.2f | %.2f | %.3f |",
                    result.name(),
                    rate,
                    rate / aJdbc.grantsPerSecond(),
                    rate / bJdbc.grantsPerSecond(),
                    rate / aHttp.grantsPerSecond(),
                    rate / bHttp.grantsPerSecond(),
                    result.latencies().percentileMillis(50),
                    result.latencies().percentileMillis(99),
                    result.secondsToLastGrant()));
        }
        line("");
        line("Targets: at least 2x baseline (b) and 5x baseline (a).");
        line("");
        line("![grants per second](flash-sale.png)");
        line("");
    }

    void flood(Flood flood) {
        line("## 2. Correctness under a flood, over HTTP");
        line("");
        line(String.format(
                Locale.ROOT,
                "%,d claim attempts from %,d customers (each tries twice, shuffled) on %d "
                        + "concurrent connections against a quota of %,d.",
                flood.attempts(),
                flood.customers(),
                flood.connections(),
                flood.quota()));
        line("");
        line("| check | result |");
        line("|---|---|");
        line("| answers by HTTP status | " + new TreeMap<>(flood.statuses()) + " |");
        line("| grants answered 201 | " + flood.granted() + verdict(flood.granted() == flood.quota()) + " |");
        line("| customers granted twice | " + flood.grantedTwice() + verdict(flood.grantedTwice() == 0) + " |");
        line("| grant events in the store | " + flood.storedGrants() + verdict(flood.storedGrants() == flood.quota())
                + " |");
        line("| stored claim ids equal the claim ids answered 201 | " + flood.storeMatchesAnswers()
                + verdict(flood.storeMatchesAnswers()) + " |");
        line(String.format(
                Locale.ROOT,
                "| read model `granted` after catch-up | %d%s, caught up %.2f s after the flood |",
                flood.readModelGranted(),
                verdict(flood.readModelGranted() == flood.quota()),
                flood.catchUpSeconds()));
        line(String.format(
                Locale.ROOT, "| whole quota granted after | %.3f s (stretch target: 1 s) |", flood.sellOutSeconds()));
        line(String.format(
                Locale.ROOT,
                "| flood duration | %.2f s, %.0f requests/s |",
                flood.floodSeconds(),
                flood.attempts() / flood.floodSeconds()));
        line(String.format(
                Locale.ROOT,
                "| claim latency (all answers) | p50 %.2f ms, p99 %.2f ms |",
                flood.latencies().percentileMillis(50),
                flood.latencies().percentileMillis(99)));
        line("");
    }

    void soldOut(double rejectionsPerSecond, double trivialPerSecond, long requests, long commits) {
        line("## 3. After sell-out");
        line("");
        line("| endpoint | requests/s |");
        line("|---|---:|");
        line(String.format(
                Locale.ROOT,
                "| `POST /campaigns/{id}/claims` on a sold-out campaign (409) | %.0f |",
                rejectionsPerSecond));
        line(String.format(Locale.ROOT, "| `GET /actuator/info` (trivial) | %.0f |", trivialPerSecond));
        line(String.format(
                Locale.ROOT,
                "| ratio | %.2f (target: at least 0.5)%s |",
                rejectionsPerSecond / trivialPerSecond,
                verdict(rejectionsPerSecond / trivialPerSecond >= 0.5)));
        line(String.format(
                Locale.ROOT,
                "| database commits during %,d sold-out claims | %,d (background processors only) |",
                requests,
                commits));
        line("");
    }

    /**
     * @param patient    a round whose clients wait as Retry-After says before their next order, as the shop's
     *                   front end does: the lag target applies to it
     * @param impatient the same round with clients that send their next order at once
     */
    void hotSku(HotSku patient, HotSku impatient, int warmUpAttempts) {
        line("## 4. One hot SKU under concurrent orders, over HTTP");
        line("");
        line(String.format(
                Locale.ROOT,
                "%,d single-unit orders on %d connections for a SKU with %,d in stock, twice: "
                        + "once from clients that wait as `Retry-After` says when refused (as the shop's front end does), once "
                        + "from clients that send their next order at once. Orders answer 202 at once; the fulfilment sagas "
                        + "reserve, charge (simulated gateway) and ship them, and the checks run once every saga has ended. A "
                        + "warm-up round of %,d orders on another SKU ran first (not shown): the order paths run nowhere else "
                        + "in this benchmark.",
                patient.attempts(),
                patient.connections(),
                patient.stock(),
                warmUpAttempts));
        line("");
        line("| check | clients honour Retry-After | clients ignore it |");
        line("|---|---|---|");
        row(
                "answers by HTTP status (503 = shed with Retry-After)",
                hot -> String.valueOf(new TreeMap<>(hot.statuses())),
                patient,
                impatient);
        row(
                "orders accepted / shipped",
                hot -> hot.accepted() + " / " + hot.shipped()
                        + verdict(hot.shipped() == Math.min(hot.accepted(), hot.stock())),
                patient,
                impatient);
        row(
                "every reservation belongs to an accepted order and shipped",
                hot -> hot.reservationsMatchShipments() + verdict(hot.reservationsMatchShipments()),
                patient,
                impatient);
        row(
                "duplicated reservations",
                hot -> hot.duplicatedReservations() + verdict(hot.duplicatedReservations() == 0),
                patient,
                impatient);
        row(
                "lowest available or reserved level in the stream",
                hot -> hot.lowestLevel() + verdict(hot.lowestLevel() >= 0),
                patient,
                impatient);
        row(
                "available + shipped at the end, nothing left reserved",
                hot -> (hot.available() + hot.committed()) + ", " + hot.reserved()
                        + verdict(hot.available() + hot.committed() == hot.stock() && hot.reserved() == 0),
                patient,
                impatient);
        row(
                "answering",
                hot -> String.format(
                        Locale.ROOT, "%.2f s, %.0f orders accepted/s", hot.seconds(), hot.accepted() / hot.seconds()),
                patient,
                impatient);
        row(
                "fulfilling: every order ended after",
                hot -> String.format(
                        Locale.ROOT,
                        "%.2f s, %.0f orders ended/s",
                        hot.endSeconds(),
                        hot.accepted() / hot.endSeconds()),
                patient,
                impatient);
        row(
                "latency (all answers)",
                hot -> String.format(
                        Locale.ROOT,
                        "p50 %.2f ms, p99 %.2f ms",
                        hot.latencies().percentileMillis(50),
                        hot.latencies().percentileMillis(99)),
                patient,
                impatient);
        double lagP99 = patient.projectionLag().percentileMillis(99);
        line(String.format(
                Locale.ROOT,
                "| projection lag, 202 answered → the `orders` read model has it (every accepted "
                        + "order; target: p99 under 1 s with clients that honour Retry-After) | %s%s | %s |",
                lag(patient.projectionLag()),
                verdict(lagP99 < 1000),
                lag(impatient.projectionLag())));
        row(
                "the same seen through the service: 202 answered → `GET /orders/{id}` finds it (every tenth attempt, if "
                        + "accepted; includes waiting for an answer)",
                hot -> lag(hot.projectionLagOverHttp()),
                patient,
                impatient);
        line("");
    }

    private static String lag(Latencies lags) {
        return String.format(
                Locale.ROOT,
                "p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d orders)",
                lags.percentileMillis(50),
                lags.percentileMillis(99),
                lags.percentileMillis(100),
                lags.count());
    }

    private void row(String check, Function<HotSku, String> figure, HotSku patient, HotSku impatient) {
        line("| " + check + " | " + figure.apply(patient) + " | " + figure.apply(impatient) + " |");
    }

    void history(History history) {
        line("## 5. Command cost against history");
        line("");
        line(String.format(
                Locale.ROOT,
                "A restock on a stock aggregate with 100 past events against one with %,d "
                        + "(generated in %.0f s). Warm: the aggregate is in the cache. Cold: evicted before every command, so it "
                        + "is loaded from its latest snapshot plus the events after it.",
                history.events,
                history.generationSeconds));
        line("");
        line("| path | 100 events, mean ms | " + history.events + " events, mean ms | ratio (target at most 1.5) |");
        line("|---|---:|---:|---:|");
        row("warm (cached)", history.warmShort, history.warmLong);
        row("cold (snapshot + tail)", history.coldShort, history.coldLong);
        line("");
    }

    void logs(LogWatch logs) {
        line("## Log");
        line("");
        line("| | count |");
        line("|---|---:|");
        line("| connection-pool exhaustion messages | " + logs.poolExhausted.get()
                + verdict(logs.poolExhausted.get() == 0) + " |");
        line("| ERROR lines | " + logs.errors.get()
                + (logs.firstError == null ? "" : " (first: `" + logs.firstError.replace('|', '/') + "`)") + " |");
        line("");
        line("This run logs at WARN only. What the service logs with its default settings per 1,000 claims and per "
                + "1,000 orders, and what tracing at the default sampling costs against tracing switched off, are "
                + "measured by `infra/bench/run.sh observability`: [observability.md](observability.md).");
        line("");
    }

    private void row(String path, Latencies small, Latencies large) {
        double ratio = large.meanMillis() / small.meanMillis();
        line(String.format(
                Locale.ROOT,
                "| %s | %.3f | %.3f | %.2f%s |",
                path,
                small.meanMillis(),
                large.meanMillis(),
                ratio,
                verdict(ratio <= 1.5)));
    }

    static String verdict(boolean ok) {
        return ok ? " ✓" : " ✗";
    }

    private void line(String text) {
        markdown.append(text).append('\n');
        System.out.println(text);
    }

    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("flash-sale.md"), markdown);
        if (speed != null) {
            DefaultCategoryDataset dataset = new DefaultCategoryDataset();
            for (Load.Result result : speed) {
                dataset.addValue(result.grantsPerSecond(), "grants/s", result.name());
            }
            JFreeChart chart = ChartFactory.createBarChart(
                    "Grants per second, one hot campaign, " + speed.get(0).clients() + " clients",
                    null,
                    "grants per second",
                    dataset,
                    PlotOrientation.HORIZONTAL,
                    false,
                    false,
                    false);
            ChartUtils.saveChartAsPNG(directory.resolve("flash-sale.png").toFile(), chart, 900, 420);
        }
        System.out.println("Report written to " + directory.resolve("flash-sale.md"));
    }
}
