package com.example.shop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The scale-out benchmark's figures, as a Markdown report; rendered once the run is over, ratios to one node. */
final class ClusterReport {

    /** The bar: two nodes on this machine keep at least this share of one node's rate. */
    static final double OVERHEAD_BAR = 0.8;

    record Claims(
            int nodes,
            int attempts,
            int customers,
            int connections,
            int quota,
            Map<String, Long> outcomes,
            int granted,
            int grantedTwice,
            int storedGrants,
            int storedCustomers,
            boolean storeMatchesAnswers,
            double secondsToLastGrant,
            double seconds,
            Latencies latencies,
            CpuUse.Use cpu) {

        /** CPU time of the nodes and PostgreSQL per claim answered (every round has the same mix of answers). */
        double cpuMillisPerAnswer() {
            return 1000 * cpu.nodesAndPostgres() / attempts;
        }

        double grantsPerSecond() {
            return granted / secondsToLastGrant;
        }

        double answersPerSecond() {
            return attempts / seconds;
        }

        boolean correct() {
            return granted == quota
                    && grantedTwice == 0
                    && storedGrants == quota
                    && storedCustomers == quota
                    && storeMatchesAnswers;
        }
    }

    record Orders(
            int nodes,
            int orders,
            int connections,
            int skus,
            Map<String, Long> outcomes,
            int accepted,
            int gaveUp,
            long placed,
            boolean everyAcceptedEnded,
            Map<String, Long> endings,
            long sagasLeft,
            double answeringSeconds,
            double completionSeconds,
            Latencies latencies,
            Latencies shedLags,
            CpuUse.Use cpu) {

        /** CPU time of the nodes and PostgreSQL per order, from its request to its end. */
        double cpuMillisPerOrder() {
            return 1000 * cpu.nodesAndPostgres() / accepted;
        }

        double completedPerSecond() {
            return accepted / completionSeconds;
        }

        boolean correct() {
            return accepted == orders && gaveUp == 0 && placed == accepted && everyAcceptedEnded && sagasLeft == 0;
        }
    }

    /** One claim of the steady load: its node, when it was sent and answered (nanoTime), and how. */
    record Attempt(
            int node,
            long sent,
            long answered,
            int status,
            String outcome,
            boolean clean,
            String claimId,
            String customer) {}

    record Failover(
            int nodes,
            int victim,
            int writer,
            int exitStatus,
            Map<String, Long> segmentsBefore,
            int segments,
            int rate,
            double grantsPerSecondBefore,
            double longestGapBeforeMillis,
            double longestGapMillis,
            boolean grantAfterKill,
            double gapStartMillis,
            double firstGrantAfterKillMillis,
            double takeoverMillis,
            double viewMillis,
            Map<String, Long> duringGap,
            Map<String, Long> sentDuringGap,
            Map<String, Long> afterKill,
            List<String> unclean,
            long connectionErrorsToOthers,
            double grantsPerSecondAfterTakeover,
            double p99BeforeMillis,
            int answered201,
            int storedGrants,
            boolean storeHoldsEveryAnsweredGrant,
            boolean everyStoredCustomerOnce) {

        /**
         * @param attempts every claim of the load, with nanoTime stamps
         * @param takeoverAt when the survivors owned every segment, -1 if never within the observation
         * @param viewAt when every survivor's view had dropped the killed node, -1 if never
         * @param stored the campaign's grants in the store: claim id to customer
         */
        static Failover of(
                List<Attempt> attempts,
                int nodes,
                int victim,
                int writer,
                int exitStatus,
                Map<String, Long> segmentsBefore,
                int segments,
                int rate,
                long loadStarted,
                long killedAt,
                long takeoverAt,
                long viewAt,
                Map<String, String> stored) {
            long settledFrom = loadStarted + 1_000_000_000L; // the first second is the load coming up
            List<Long> grantsBefore = grantTimes(attempts, at -> at >= settledFrom && at < killedAt);
            double grantsPerSecondBefore = grantsBefore.size() / ((killedAt - settledFrom) / 1e9);
            double gapBefore = longestGap(grantsBefore, settledFrom)[0];

            long lastAnswer =
                    attempts.stream().mapToLong(Attempt::answered).max().orElse(killedAt);
            List<Long> grantsAfter = grantTimes(attempts, at -> at >= killedAt);
            long[] gap = longestGap(grantsAfter, killedAt);
            boolean grantAfterKill = !grantsAfter.isEmpty();
            if (grantAfterKill && lastAnswer - grantsAfter.get(grantsAfter.size() - 1) > gap[0]) {
                gap = new long[] {
                    lastAnswer - grantsAfter.get(grantsAfter.size() - 1), grantsAfter.get(grantsAfter.size() - 1)
                };
            } else if (!grantAfterKill) {
                gap = new long[] {lastAnswer - killedAt, killedAt};
            }
            long gapStart = gap[1];
            long gapEnd = gap[1] + gap[0];
            Map<String, Long> duringGap =
                    count(attempts.stream().filter(a -> a.answered() > gapStart && a.answered() < gapEnd));
            Map<String, Long> sentDuringGap =
                    count(attempts.stream().filter(a -> a.sent() >= gapStart && a.sent() < gapEnd));
            Map<String, Long> afterKill = count(attempts.stream().filter(a -> a.answered() >= killedAt));
            List<String> unclean = attempts.stream()
                    .filter(a -> !a.clean())
                    .map(a -> "node " + a.node() + " " + a.outcome() + " " + (a.answered() - killedAt) / 1_000_000
                            + " ms after the kill")
                    .toList();
            long connectionErrorsToOthers = attempts.stream()
                    .filter(a -> a.status() == -1 && (a.node() != victim || a.answered() < killedAt))
                    .count();
            double afterTakeover = Double.NaN;
            if (takeoverAt > 0 && lastAnswer > takeoverAt) {
                afterTakeover = grantTimes(attempts, at -> at >= takeoverAt).size() / ((lastAnswer - takeoverAt) / 1e9);
            }
            Latencies before = new Latencies();
            attempts.stream()
                    .filter(a -> a.sent() >= settledFrom && a.answered() < killedAt)
                    .forEach(a -> before.add(a.answered() - a.sent()));
            Set<String> answeredClaims = attempts.stream()
                    .filter(a -> a.status() == 201)
                    .map(Attempt::claimId)
                    .collect(Collectors.toSet());
            return new Failover(
                    nodes,
                    victim,
                    writer,
                    exitStatus,
                    segmentsBefore,
                    segments,
                    rate,
                    grantsPerSecondBefore,
                    gapBefore / 1e6,
                    gap[0] / 1e6,
                    grantAfterKill,
                    (gapStart - killedAt) / 1e6,
                    grantAfterKill ? (grantsAfter.get(0) - killedAt) / 1e6 : Double.NaN,
                    takeoverAt < 0 ? Double.NaN : (takeoverAt - killedAt) / 1e6,
                    viewAt < 0 ? Double.NaN : (viewAt - killedAt) / 1e6,
                    duringGap,
                    sentDuringGap,
                    afterKill,
                    unclean,
                    connectionErrorsToOthers,
                    afterTakeover,
                    before.percentileMillis(99),
                    answeredClaims.size(),
                    stored.size(),
                    stored.keySet().containsAll(answeredClaims),
                    new HashSet<>(stored.values()).size() == stored.size());
        }

        private static List<Long> grantTimes(List<Attempt> attempts, Predicate<Long> when) {
            return attempts.stream()
                    .filter(a -> a.status() == 201)
                    .map(Attempt::answered)
                    .filter(when)
                    .sorted()
                    .toList();
        }

        /** The longest time between {@code from} and the first grant, or between two grants: its length and start. */
        private static long[] longestGap(List<Long> grants, long from) {
            long longest = 0;
            long start = from;
            long previous = from;
            for (long grant : grants) {
                if (grant - previous > longest) {
                    longest = grant - previous;
                    start = previous;
                }
                previous = grant;
            }
            return new long[] {longest, start};
        }

        private static Map<String, Long> count(Stream<Attempt> attempts) {
            return new TreeMap<>(attempts.collect(Collectors.groupingBy(Attempt::outcome, Collectors.counting())));
        }
    }

    private record ClusterRow(
            int nodes,
            double startSeconds,
            Map<String, Long> segments,
            String loadAverage,
            int warmUpRounds,
            Claims claims,
            Orders orders) {}

    private final StringBuilder head = new StringBuilder();
    private final List<ClusterRow> rows = new ArrayList<>();
    private final Map<Integer, List<String>> errors = new TreeMap<>();
    private Failover failover;
    private String loadBefore;
    private long othersBefore;
    private String loadAfter;
    private long othersAfter;
    private double totalSeconds;
    private List<String> machine;
    private String setup;

    void machine(List<String> description, String loadAverage, long otherJavaProcesses) {
        this.machine = description;
        this.loadBefore = loadAverage;
        this.othersBefore = otherJavaProcesses;
    }

    void setup(
            List<Integer> nodeCounts,
            List<String> nodeJvm,
            List<String> nodeArguments,
            Map<String, Object> sizes,
            double warmUpSettledShare,
            int maxWarmUpRounds,
            Path runDirectory) {
        setup = String.format(
                Locale.ROOT,
                "Clusters of %s nodes, one after the other, each on a fresh database (`shop_bench_cluster_<random>` on "
                        + "the PostgreSQL above, dropped afterwards) with shared parts of its own (`SharedDevStack`: the "
                        + "MongoDB wire server and the provider simulators, one JVM), as `infra/cluster/run.sh` starts "
                        + "them. Each node is `infra/app/target/shop-dev.jar` in a JVM of its own with `%s`, "
                        + "`shop.cluster.enabled=true` (JGroups on 127.0.0.1, every node listed), the defaults otherwise "
                        + "but for `%s`. The first node starts alone (schema, admin), the others together; the "
                        + "load starts once every node sees every other and the 4 shared processors' segments are "
                        + "shared out (%d segments each; no node above its fair share, the ceiling of 4 / nodes per processor). The load clients run in the benchmark's JVM on the same two cores. "
                        + "Before the measured rounds each cluster ran warm-up rounds of claims and orders (not shown), "
                        + "each as large per node as the single node's, until the nodes' JIT compilers took at most "
                        + "%.0f%% of the nodes' CPU time in a round (at most %d rounds; each cluster's count is in the "
                        + "claims table): a node's JIT compiles the same code however many nodes there are, so "
                        + "measured too early every added node would pay its compiling again and count it as the "
                        + "cluster's overhead. The CPU tables show what compiling was left in the measured rounds. "
                        + "Logs: `%s`.%n%nSizes: %s.",
                nodeCounts.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                String.join(" ", nodeJvm),
                String.join(" ", nodeArguments),
                NodeCluster.SEGMENTS,
                100 * warmUpSettledShare,
                maxWarmUpRounds,
                runDirectory,
                sizes.entrySet().stream()
                        .map(size -> "`" + size.getKey() + "=" + size.getValue() + "`")
                        .collect(Collectors.joining(", ")));
    }

    void cluster(
            int nodes,
            double startSeconds,
            Map<String, Long> segments,
            String loadAverage,
            int warmUpRounds,
            Claims claims,
            Orders orders) {
        rows.add(new ClusterRow(nodes, startSeconds, segments, loadAverage, warmUpRounds, claims, orders));
    }

    void failover(Failover failover) {
        this.failover = failover;
    }

    void logs(int nodes, List<String> errorsOfNodes) {
        errors.put(nodes, errorsOfNodes);
    }

    void finish(double totalSeconds, String loadAverage, long otherJavaProcesses) {
        this.totalSeconds = totalSeconds;
        this.loadAfter = loadAverage;
        this.othersAfter = otherJavaProcesses;
    }

    void write(Path file) throws IOException {
        line("# Scale-out benchmark");
        line("");
        line("Written by `infra/bench/run.sh cluster` on " + Instant.now()
                + ". Every figure below was measured in this one run ("
                + String.format(Locale.ROOT, "%.0f", totalSeconds)
                + " s in all).");
        line("");
        machine.forEach(this::line);
        line("| load average (1, 5, 15 min) | before " + loadBefore + ", after " + loadAfter + " |");
        line("| other Java processes on the machine | " + othersBefore + " at the start, " + othersAfter
                + " at the end (what ran meanwhile: \"other work\" in the CPU tables) |");
        line("");
        line(setup);
        line("");
        line(
                "On two cores more nodes cannot be faster: every node, the shared parts, PostgreSQL and the load share the "
                        + "same CPU, so the figure that matters is the cluster's overhead. The bar: two nodes at least "
                        + String.format(Locale.ROOT, "%.1f", OVERHEAD_BAR) + "x of one node.");
        line("");
        claims();
        orders();
        if (failover != null) {
            failover();
        }
        logs();
        verdict();
        Files.createDirectories(file.getParent());
        Files.writeString(file, head);
        System.out.println("Report written to " + file);
    }

    private ClusterRow one() {
        return rows.stream().filter(row -> row.nodes() == 1).findFirst().orElse(rows.get(0));
    }

    private void claims() {
        Claims first = one().claims();
        line("## 1. Claims: one campaign, over every node");
        line("");
        line(String.format(
                Locale.ROOT,
                "%,d claim attempts from %,d customers (each tries twice, shuffled) on %d connections bound to the nodes "
                        + "in turn, against a quota of %,d. Grants/s: the quota over the time to the last grant; answers/s: "
                        + "every attempt over the whole flood. Latency of every answer. The campaign's aggregate has one "
                        + "writer in the cluster; the other nodes batch their claims and send each batch to it.",
                first.attempts(),
                first.customers(),
                first.connections(),
                first.quota()));
        line("");
        line("| nodes | grants/s | vs 1 node | answers/s | vs 1 node | p50 ms | p99 ms | answers | checks | "
                + "load avg at start | warm-up rounds |");
        line("|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|");
        for (ClusterRow row : rows) {
            Claims claims = row.claims();
            line(String.format(
                    Locale.ROOT,
                    "| %d | %.0f | %.2fx | %.0f | %.2fx | %.1f | %.1f | %s | %s | %s | %d |",
                    row.nodes(),
                    claims.grantsPerSecond(),
                    claims.grantsPerSecond() / first.grantsPerSecond(),
                    claims.answersPerSecond(),
                    claims.answersPerSecond() / first.answersPerSecond(),
                    claims.latencies().percentileMillis(50),
                    claims.latencies().percentileMillis(99),
                    claims.outcomes(),
                    claimChecks(claims),
                    row.loadAverage(),
                    row.warmUpRounds()));
        }
        line("");
        line("Checks: exactly the quota answered 201, no customer granted twice, the store's grants (every "
                + "`DiscountClaimsGrantedEvent` of the campaign) are the quota, one per customer, and their claim ids are "
                + "the ones answered 201.");
        line("");
        cpu(
                "claim answered",
                rows.stream().map(row -> row.claims().cpu()).toList(),
                rows.stream().map(row -> row.claims().cpuMillisPerAnswer()).toList());
    }

    private static String claimChecks(Claims claims) {
        return String.format(
                Locale.ROOT,
                "%d granted, %d twice, %d in the store (%d customers), store = answers: %s%s",
                claims.granted(),
                claims.grantedTwice(),
                claims.storedGrants(),
                claims.storedCustomers(),
                claims.storeMatchesAnswers(),
                verdict(claims.correct()));
    }

    private void orders() {
        Orders first = one().orders();
        line("## 2. Orders over every node, to the end of fulfilment");
        line("");
        line(String.format(
                Locale.ROOT,
                "%,d single-unit orders (one customer each) spread over %d SKUs with ample stock, on %d connections bound "
                        + "to the nodes in turn. An order refused with 503 and `Retry-After` (admission control) is sent again "
                        + "after that long, as the shop's front end does. Each order's saga reserves, charges (payment "
                        + "simulator) and ships (carrier simulator) on whichever node holds its segment. Orders completed/s: "
                        + "the orders over the time from the first request to the last `OrderShippedEvent` or "
                        + "`OrderFailedEvent` in the store.",
                first.orders(),
                first.skus(),
                first.connections()));
        line("");
        line("| nodes | orders completed/s | vs 1 node | first request → last order ended | answering | answers | "
                + "p50 / p99 ms | endings | checks |");
        line("|---:|---:|---:|---:|---:|---|---|---|---|");
        for (ClusterRow row : rows) {
            Orders orders = row.orders();
            line(String.format(
                    Locale.ROOT,
                    "| %d | %.1f | %.2fx | %.2f s | %.2f s | %s | %.0f / %.0f | %s | %s |",
                    row.nodes(),
                    orders.completedPerSecond(),
                    orders.completedPerSecond() / first.completedPerSecond(),
                    orders.completionSeconds(),
                    orders.answeringSeconds(),
                    orders.outcomes(),
                    orders.latencies().percentileMillis(50),
                    orders.latencies().percentileMillis(99),
                    orders.endings(),
                    orderChecks(orders)));
        }
        line("");
        line(
                "Checks: every order accepted (202) in the end, none given up, as many `OrderPlacedEvent`s in the store as "
                        + "orders accepted, every accepted order ended, no saga left in `saga_entry`.");
        line("");
        line("How far behind admission control found the `orders` read model when it shed an order for it "
                + "(`shop.orders.admission.max-projection-lag`, 400 ms by default):");
        line("");
        line("| nodes | orders shed for the read model's lag | lag named, p50 / max |");
        line("|---:|---:|---|");
        for (ClusterRow row : rows) {
            Latencies lags = row.orders().shedLags();
            line(String.format(
                    Locale.ROOT,
                    "| %d | %d | %s |",
                    row.nodes(),
                    lags.count(),
                    lags.count() == 0
                            ? "-"
                            : String.format(
                                    Locale.ROOT,
                                    "%.0f / %.0f ms",
                                    lags.percentileMillis(50),
                                    lags.percentileMillis(100))));
        }
        line("");
    }

    /** Where the CPU time went during each cluster's round, and the nodes' and PostgreSQL's share of it per unit. */
    private void cpu(String unit, List<CpuUse.Use> uses, List<Double> perUnit) {
        line("Where the two cores' time went during the round (CPU seconds; PostgreSQL counts all of its processes, "
                + "whoever's work they do; other work is the rest of the machine's busy time):");
        line("");
        line(
                "| nodes | cores busy | nodes | of which JIT compiling | PostgreSQL | load client | shared parts | other work "
                        + "| nodes + PostgreSQL per " + unit + " | vs 1 node |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < rows.size(); i++) {
            CpuUse.Use use = uses.get(i);
            line(String.format(
                    Locale.ROOT,
                    "| %d | %.0f%% | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s | %.2f ms | %.2fx |",
                    rows.get(i).nodes(),
                    100 * use.busyShare(),
                    use.nodes(),
                    use.nodesCompiling(),
                    use.postgres(),
                    use.client(),
                    use.shared(),
                    use.others(),
                    perUnit.get(i),
                    perUnit.get(i) / perUnit.get(rows.indexOf(one()))));
        }
        line("");
    }

    private static String orderChecks(Orders orders) {
        return String.format(
                Locale.ROOT,
                "%d accepted, %d given up, %d placed, all ended: %s, sagas left %d%s",
                orders.accepted(),
                orders.gaveUp(),
                orders.placed(),
                orders.everyAcceptedEnded(),
                orders.sagasLeft(),
                verdict(orders.correct()));
    }

    private void failover() {
        Failover f = failover;
        line("## 3. Failover: a node killed under a steady claims load");
        line("");
        line(String.format(
                Locale.ROOT,
                "On the %d-node cluster, after its rounds above: claims of fresh customers for a campaign that does not "
                        + "sell out, %d a second (an open loop: sent on time whatever the answers take), round robin over "
                        + "the nodes; a client whose connection is refused leaves that node out from then on, as a load "
                        + "balancer does. Then the node holding the most segments of the shared processors is killed "
                        + "with SIGKILL, and the load goes on. The campaign's id was chosen so that this node is also "
                        + "the campaign's writer (by Axon's consistent hash over the members, as the JGroups connector "
                        + "builds it): the worst case for claims, which then wait for the survivors to drop it from their "
                        + "view and for the new writer to load the campaign.",
                f.nodes(),
                f.rate()));
        line("");
        line("| figure | value |");
        line("|---|---|");
        line(String.format(
                Locale.ROOT,
                "| killed | node %d, holding %d of the %d segments (before: %s); exit status %d; the campaign's "
                        + "writer: node %d%s |",
                f.victim(),
                f.segmentsBefore().getOrDefault("node " + f.victim(), 0L),
                f.segments(),
                f.segmentsBefore(),
                f.exitStatus(),
                f.writer(),
                f.writer() == f.victim() ? "" : " (the segments had moved: not the killed node)"));
        line(String.format(
                Locale.ROOT,
                "| before the kill | %.0f grants/s, longest time between two grants %.0f ms, p99 %.0f ms |",
                f.grantsPerSecondBefore(),
                f.longestGapBeforeMillis(),
                f.p99BeforeMillis()));
        line(String.format(
                Locale.ROOT,
                "| **failover gap: longest time without a grant after the kill** | **%.0f ms** (from %.0f ms after "
                        + "the kill)%s |",
                f.longestGapMillis(),
                f.gapStartMillis(),
                f.grantAfterKill() ? "" : "; no grant at all after the kill ✗"));
        line(String.format(
                Locale.ROOT, "| first grant after the kill | %.0f ms after it |", f.firstGrantAfterKillMillis()));
        line(String.format(
                Locale.ROOT,
                "| the survivors own every segment | %s |",
                Double.isNaN(f.takeoverMillis())
                        ? "not within the observation ✗"
                        : String.format(Locale.ROOT, "%.0f ms after the kill", f.takeoverMillis())));
        line(String.format(
                Locale.ROOT,
                "| every survivor's view has dropped the killed node | %s |",
                Double.isNaN(f.viewMillis())
                        ? "not within the observation"
                        : String.format(Locale.ROOT, "%.0f ms after the kill", f.viewMillis())));
        line("| answers that came during the gap | " + f.duringGap() + " |");
        line("| requests sent during the gap, by their answer | " + f.sentDuringGap() + " |");
        line("| every answer after the kill | " + f.afterKill() + " |");
        line("| 5xx other than 503 with `Retry-After` (`/problems/overloaded`, `/problems/node-unavailable`) | "
                + f.unclean().size() + (f.unclean().isEmpty() ? "" : " (" + firstFew(f.unclean()) + ")")
                + verdict(f.unclean().isEmpty()) + " |");
        line("| connection errors other than to the killed node after the kill | " + f.connectionErrorsToOthers()
                + verdict(f.connectionErrorsToOthers() == 0) + " |");
        line(String.format(Locale.ROOT, "| after the takeover | %.0f grants/s |", f.grantsPerSecondAfterTakeover()));
        line(String.format(
                Locale.ROOT,
                "| the store | %d grants for %d answered 201: every one answered is there: %s, one per customer: %s%s |",
                f.storedGrants(),
                f.answered201(),
                f.storeHoldsEveryAnsweredGrant(),
                f.everyStoredCustomerOnce(),
                verdict(f.storeHoldsEveryAnsweredGrant() && f.everyStoredCustomerOnce())));
        line("");
        line("A grant in the store beyond those answered 201 is a claim whose answer was lost with the killed node or "
                + "was a 503 `node-unavailable` (outcome unknown to the client; asked again, it is refused as already "
                + "claimed).");
        line("");
    }

    private void logs() {
        line("## Start-up and logs");
        line("");
        line("| cluster | healthy, formed and its segments shared out after | segments held then | ERROR lines in the "
                + "nodes' logs |");
        line("|---:|---:|---|---|");
        for (ClusterRow row : rows) {
            List<String> lines = errors.getOrDefault(row.nodes(), List.of());
            line(String.format(
                    Locale.ROOT,
                    "| %d node(s) | %.1f s | %s | %d%s |",
                    row.nodes(),
                    row.startSeconds(),
                    row.segments(),
                    lines.size(),
                    lines.isEmpty()
                            ? ""
                            : " (first: `" + lines.get(0).replace('|', '/').replace('`', '\'') + "`)"));
        }
        line("");
    }

    private void verdict() {
        ClusterRow first = one();
        rows.stream().filter(row -> row.nodes() == 2).findFirst().ifPresent(two -> {
            double claims = two.claims().grantsPerSecond() / first.claims().grantsPerSecond();
            double answers = two.claims().answersPerSecond() / first.claims().answersPerSecond();
            double orders = two.orders().completedPerSecond() / first.orders().completedPerSecond();
            line("## Verdict");
            line("");
            line(String.format(
                    Locale.ROOT,
                    "Two nodes against one: grants/s %.2fx%s, answers/s %.2fx%s, orders completed/s %.2fx%s (bar: at "
                            + "least %.1fx).",
                    claims,
                    verdict(claims >= OVERHEAD_BAR),
                    answers,
                    verdict(answers >= OVERHEAD_BAR),
                    orders,
                    verdict(orders >= OVERHEAD_BAR),
                    OVERHEAD_BAR));
            line("");
            line(String.format(
                    Locale.ROOT,
                    "In CPU time, which other work on the machine disturbs less than rates: the nodes and PostgreSQL "
                            + "spent %.2fx as much per claim answered and %.2fx as much per order on two nodes as on one. "
                            + "Other work took %.0f%% and %.0f%% of the machine's busy time during the one-node claims "
                            + "and orders rounds, %.0f%% and %.0f%% during the two-node ones.",
                    two.claims().cpuMillisPerAnswer() / first.claims().cpuMillisPerAnswer(),
                    two.orders().cpuMillisPerOrder() / first.orders().cpuMillisPerOrder(),
                    100 * first.claims().cpu().othersShare(),
                    100 * first.orders().cpu().othersShare(),
                    100 * two.claims().cpu().othersShare(),
                    100 * two.orders().cpu().othersShare()));
            line("");
        });
    }

    private static String firstFew(List<String> lines) {
        return String.join("; ", lines.subList(0, Math.min(5, lines.size())));
    }

    static String verdict(boolean ok) {
        return ok ? " ✓" : " ✗";
    }

    private void line(String text) {
        head.append(text).append('\n');
        System.out.println(text);
    }

    /** {@code /proc/loadavg}'s first three figures. */
    static String loadAverage() {
        try {
            String[] figures = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return figures[0] + ", " + figures[1] + ", " + figures[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The ERROR lines of the nodes' logs. */
    static List<String> errorsIn(List<NodeCluster.Node> nodes) {
        List<String> errors = new ArrayList<>();
        for (NodeCluster.Node node : nodes) {
            try (Stream<String> lines = Files.lines(node.log)) {
                lines.filter(line -> line.contains(" ERROR "))
                        .map(line -> "node " + node.number + ": " + line.substring(0, Math.min(300, line.length())))
                        .forEach(errors::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                errors.add("node " + node.number + ": log unreadable: " + e);
            }
        }
        return errors;
    }
}
