package com.example.shop.bench;

import static org.awaitility.Awaitility.await;

import com.example.shop.fulfilment.OrderFulfilmentSaga;
import com.example.shop.query.campaign.CampaignProjection;
import com.example.shop.query.catalog.ProductProjection;
import com.example.shop.query.order.OrderProjection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Several nodes of the service as JVMs of their own on this machine, started as {@code infra/cluster/run.sh} starts
 * them: a fresh database on the local PostgreSQL, the shared parts ({@code SharedDevStack} from {@code shop-dev.jar}:
 * the MongoDB wire server and the provider simulators, one ledger for every node) in one JVM, then the nodes
 * ({@code shop-dev.jar} with {@code shop.cluster.*}), the first alone (it creates the schema and the admin), the
 * others together. {@link #close()} kills whatever is alive, drops the database and deletes the data directories,
 * also after a failed start; a shutdown hook does the same should the benchmark's JVM end first. Logs stay in the
 * run directory.
 */
final class NodeCluster implements AutoCloseable {

    static final List<String> SHARED_PROCESSORS = List.of(
            OrderProjection.GROUP,
            ProductProjection.GROUP,
            CampaignProjection.GROUP,
            OrderFulfilmentSaga.PROCESSING_GROUP);

    /** Each shared processor's segments: {@code shop.processors.segments}, left at its default. */
    static final int SEGMENTS = 4;

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final Duration START_PATIENCE = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One node: its ports, its process, its log and, once it is healthy, a client logged in as staff. */
    static final class Node {
        final int number;
        final int httpPort;
        final int clusterPort;
        final Path log;
        private Process process;
        private Http http;

        private Node(int number, int httpPort, int clusterPort, Path log) {
            this.number = number;
            this.httpPort = httpPort;
            this.clusterPort = clusterPort;
            this.log = log;
        }

        Http http() {
            return http;
        }

        String clusterName() {
            return "127.0.0.1:" + clusterPort;
        }

        long pid() {
            return process.pid();
        }

        boolean isAlive() {
            return process != null && process.isAlive();
        }

        /** {@code kill -9}: no shutdown hook, no goodbye to the cluster; answers the exit status. */
        int kill() throws InterruptedException {
            process.destroyForcibly();
            return process.waitFor();
        }

        @Override
        public String toString() {
            return "node " + number;
        }
    }

    private final Path runDirectory;
    private final String database = "shop_bench_cluster_" + HexFormat.of().formatHex(randomBytes(6));
    private final List<Node> nodes = new ArrayList<>();
    private final Thread killer = new Thread(this::killAll, "node-cluster-killer");
    private final HttpClient probe =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process shared;
    private int paymentPort;
    private int shippingPort;
    private HikariDataSource pool;
    private boolean databaseCreated;

    private NodeCluster(Path runDirectory) {
        this.runDirectory = runDirectory;
    }

    /**
     * Starts the shared parts and {@code count} nodes of {@code devJar}, each with {@code jvmOptions} and
     * {@code nodeArguments}, and returns once every node is healthy, sees every other, and the shared processors'
     * segments are shared out fairly. Closes whatever it started when that fails.
     */
    static NodeCluster start(
            int count,
            Path runDirectory,
            Path devJar,
            List<String> jvmOptions,
            List<String> nodeArguments,
            String adminEmail,
            String adminPassword)
            throws Exception {
        NodeCluster cluster = new NodeCluster(runDirectory);
        Runtime.getRuntime().addShutdownHook(cluster.killer);
        try {
            cluster.startAll(count, devJar, jvmOptions, nodeArguments, adminEmail, adminPassword);
            return cluster;
        } catch (Throwable failure) {
            System.err.println("The cluster of " + count + " did not start; logs in " + runDirectory.toAbsolutePath());
            cluster.close();
            throw failure;
        }
    }

    private void startAll(
            int count,
            Path devJar,
            List<String> jvmOptions,
            List<String> nodeArguments,
            String adminEmail,
            String adminPassword)
            throws Exception {
        if (!Files.exists(devJar)) {
            throw new IllegalStateException(devJar.toAbsolutePath() + " is missing: it is built by package");
        }
        Files.createDirectories(runDirectory);
        execute("CREATE DATABASE " + database); // hex digits only: an identifier cannot be bound
        databaseCreated = true;
        pool = new HikariDataSource();
        pool.setJdbcUrl(POSTGRES + database);
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(2);
        pool.setMinimumIdle(0);

        List<Integer> ports = freePorts(3 + 2 * count);
        int mongoPort = ports.get(0);
        paymentPort = ports.get(1);
        shippingPort = ports.get(2);
        for (int i = 0; i < count; i++) {
            nodes.add(new Node(
                    i + 1,
                    ports.get(3 + i),
                    ports.get(3 + count + i),
                    runDirectory.resolve("node-" + (i + 1) + ".log")));
        }
        startShared(devJar, mongoPort);
        String masterKey = Base64.getEncoder().encodeToString(randomBytes(32));
        String members = nodes.stream().map(Node::clusterName).collect(Collectors.joining(","));
        Map<String, String> environment = new HashMap<>(Map.of(
                "SPRING_DATASOURCE_URL",
                POSTGRES + database,
                "SPRING_DATASOURCE_USERNAME",
                "postgres",
                "SPRING_DATASOURCE_PASSWORD",
                "",
                "SPRING_DATA_MONGODB_URI",
                "mongodb://127.0.0.1:" + mongoPort + "/shop",
                "SHOP_PROVIDERS_PAYMENT_BASEURL",
                "http://127.0.0.1:" + paymentPort,
                "SHOP_PROVIDERS_SHIPPING_BASEURL",
                "http://127.0.0.1:" + shippingPort,
                "SHOP_SECURITY_ADMIN_EMAIL",
                adminEmail,
                "SHOP_SECURITY_ADMIN_PASSWORD",
                adminPassword,
                "AXONIQ_UPDATE_CHECKER_DISABLED",
                "true"));
        environment.putAll(Map.of(
                // one master key for every node: each unwraps the signing keys the others stored
                "SHOP_SECURITY_MASTERKEYID", "cluster",
                "SHOP_SECURITY_MASTERKEYS_CLUSTER", masterKey,
                "SHOP_CLUSTER_ENABLED", "true",
                "SHOP_CLUSTER_NAME", database, // a cluster of its own, whatever else runs on this machine
                "SHOP_CLUSTER_MEMBERS", members));
        start(nodes.get(0), devJar, jvmOptions, nodeArguments, environment);
        awaitHealthy(nodes.subList(0, 1));
        for (Node node : nodes.subList(1, count)) {
            start(node, devJar, jvmOptions, nodeArguments, environment);
        }
        awaitHealthy(nodes.subList(1, count));
        for (Node node : nodes) {
            node.http = new Http(node.httpPort, adminEmail, adminPassword);
        }
        List<String> everyNode = nodes.stream().map(Node::clusterName).sorted().toList();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> nodes.stream().allMatch(node -> membersSeenBy(node).equals(everyNode)));
        awaitFairShares();
    }

    private void startShared(Path devJar, int mongoPort) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        java(),
                        "-Xmx192m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Daxoniq.update-checker.disabled=true",
                        "-Dloader.main=com.example.shop.devstack.SharedDevStack",
                        "-cp",
                        devJar.toAbsolutePath().toString(),
                        "org.springframework.boot.loader.launch.PropertiesLauncher")
                .redirectErrorStream(true)
                .redirectOutput(runDirectory.resolve("shared.log").toFile());
        builder.environment()
                .putAll(Map.of(
                        "SHOP_DATA_DIR", runDirectory.resolve("shared-data").toString(),
                        "SHOP_EMBEDDED_MONGO_PORT", String.valueOf(mongoPort),
                        "SHOP_EMBEDDED_MONGO_PERSISTENT", "false",
                        "SHOP_SIMULATORS_PAYMENT_PORT", String.valueOf(paymentPort),
                        "SHOP_SIMULATORS_SHIPPING_PORT", String.valueOf(shippingPort),
                        // names a PostgreSQL, so the shared parts start none of their own
                        "SPRING_DATASOURCE_URL", POSTGRES + database));
        shared = builder.start();
        await().atMost(START_PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!shared.isAlive()) {
                throw new IllegalStateException("the shared parts exited; see " + runDirectory.resolve("shared.log"));
            }
            return Stream.of(mongoPort, paymentPort, shippingPort).allMatch(NodeCluster::listens);
        });
    }

    private void start(
            Node node, Path devJar, List<String> jvmOptions, List<String> nodeArguments, Map<String, String> shared)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-Daxoniq.update-checker.disabled=true",
                "-jar",
                devJar.toAbsolutePath().toString()));
        command.addAll(nodeArguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(node.log.toFile());
        builder.environment().putAll(shared);
        builder.environment()
                .putAll(Map.of(
                        "PORT", String.valueOf(node.httpPort),
                        "SHOP_DATA_DIR",
                                runDirectory
                                        .resolve("node-" + node.number + "-data")
                                        .toString(),
                        "SHOP_CLUSTER_BIND_PORT", String.valueOf(node.clusterPort)));
        node.process = builder.start();
    }

    private void awaitHealthy(List<Node> starting) {
        await().atMost(START_PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (Node node : starting) {
                if (!node.isAlive()) {
                    throw new IllegalStateException(node + " exited while starting; see " + node.log);
                }
            }
            return starting.stream().allMatch(this::healthy);
        });
    }

    private boolean healthy(Node node) {
        try {
            HttpResponse<String> health = probe.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + "/actuator/health"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The members of the cluster as the node's health component lists them (details need an admin's token). */
    List<String> membersSeenBy(Node node) {
        try {
            JsonNode members = JSON.readTree(node.http.get("/actuator/health").body())
                    .path("components")
                    .path("cluster")
                    .path("details")
                    .path("members");
            List<String> names = new ArrayList<>();
            members.forEach(member -> names.add(member.asText()));
            return names.stream().sorted().toList();
        } catch (IOException unreadable) {
            return List.of();
        }
    }

    /** Every segment of every shared processor claimed by a live node, none holding more than its fair share. */
    private void awaitFairShares() {
        int share = (int) Math.ceil(SEGMENTS / (double) nodes.size());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Map<String, String> claims = claims();
                    if (claims.size() != SHARED_PROCESSORS.size() * SEGMENTS) {
                        return false;
                    }
                    Map<String, Long> perProcessorAndNode = new HashMap<>();
                    for (Map.Entry<String, String> claim : claims.entrySet()) {
                        Optional<Node> owner = nodeOfOwner(claim.getValue());
                        if (owner.isEmpty() || !owner.get().isAlive()) {
                            return false;
                        }
                        perProcessorAndNode.merge(
                                claim.getKey().substring(0, claim.getKey().indexOf('/')) + "@" + owner.get().number,
                                1L,
                                Long::sum);
                    }
                    return perProcessorAndNode.values().stream().allMatch(held -> held <= share);
                });
    }

    /** Each shared processor's segment ({@code name/segment}) and its owner in {@code token_entry}, null if none. */
    Map<String, String> claims() {
        Map<String, String> claims = new HashMap<>();
        database()
                .sql("select processor_name, segment, owner from token_entry where processor_name in (:names)")
                .param("names", SHARED_PROCESSORS)
                .query((row, n) -> new String[] {row.getString(1) + "/" + row.getInt(2), row.getString(3)})
                .list()
                .forEach(claim -> claims.put(claim[0], claim[1]));
        return claims;
    }

    /** How many segments each node holds ("nobody" for unclaimed ones or ones of an unknown owner). */
    Map<String, Long> segmentsPerNode() {
        return new TreeMap<>(claims().values().stream()
                .collect(Collectors.groupingBy(
                        owner -> nodeOfOwner(owner).map(Node::toString).orElse("nobody"), Collectors.counting())));
    }

    Node nodeWithMostSegments() {
        return claims().values().stream()
                .map(this::nodeOfOwner)
                .flatMap(Optional::stream)
                .collect(Collectors.groupingBy(node -> node, Collectors.counting()))
                .entrySet()
                .stream()
                .max(Map.Entry.<Node, Long>comparingByValue().thenComparing(entry -> -entry.getKey().number))
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new IllegalStateException("no node holds a segment: " + claims()));
    }

    /** Whether every segment of every shared processor is claimed by one of {@code owners}. */
    boolean everySegmentOwnedBy(Set<Node> owners) {
        Map<String, String> claims = claims();
        return claims.size() == SHARED_PROCESSORS.size() * SEGMENTS
                && claims.values().stream()
                        .allMatch(owner ->
                                nodeOfOwner(owner).filter(owners::contains).isPresent());
    }

    /** The node whose JVM has this process id, as {@code token_entry.owner} names it ({@code pid@host#suffix}). */
    private Optional<Node> nodeOfOwner(String owner) {
        if (owner == null || !owner.contains("@")) {
            return Optional.empty();
        }
        long pid = Long.parseLong(owner.substring(0, owner.indexOf('@')));
        return nodes.stream().filter(node -> node.process.pid() == pid).findFirst();
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    Set<Long> nodePids() {
        return nodes.stream().filter(Node::isAlive).map(Node::pid).collect(Collectors.toSet());
    }

    Set<Long> sharedPids() {
        return shared == null ? Set.of() : Set.of(shared.pid());
    }

    JdbcClient database() {
        return JdbcClient.create(pool);
    }

    String paymentGateway() {
        return "http://127.0.0.1:" + paymentPort;
    }

    String shippingCarrier() {
        return "http://127.0.0.1:" + shippingPort;
    }

    /** Kills every process still alive, drops the database and deletes the data directories; the logs stay. */
    @Override
    public void close() {
        killAll();
        if (pool != null) {
            pool.close();
        }
        if (databaseCreated) {
            try {
                execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                databaseCreated = false;
            } catch (SQLException e) {
                System.err.println("Could not drop database " + database + ": " + e);
            }
        }
        Stream.concat(Stream.of("shared-data"), nodes.stream().map(node -> "node-" + node.number + "-data"))
                .map(runDirectory::resolve)
                .forEach(NodeCluster::deleteQuietly);
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run: nothing to remove
        }
    }

    /** SIGKILL: nothing of a node outlives its JVM here, so a graceful stop would only cost time. */
    private void killAll() {
        List<Process> processes = new ArrayList<>();
        nodes.stream().map(node -> node.process).forEach(processes::add);
        processes.add(shared);
        processes.stream()
                .filter(process -> process != null && process.isAlive())
                .forEach(Process::destroyForcibly);
        for (Process process : processes) {
            if (process != null) {
                try {
                    process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void execute(String ddl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Distinct free ports, all held open until every one is found so that none is handed out twice. */
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not delete " + directory + ": " + e);
        }
    }
}
