package com.example.shop.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A cluster of the service as separate JVMs on this machine, started the way {@code infra/cluster/run.sh} starts one:
 * a fresh database on the local PostgreSQL, the shared parts ({@code SharedDevStack} from {@code shop-dev.jar}: the
 * MongoDB wire server and the payment and shipping simulators, one ledger for every node) in a JVM of their own, and
 * the nodes ({@code shop-dev.jar} with {@code shop.cluster.*}, JGroups TCPPING listing every node), the first alone
 * (it creates the schema, the admin and the first signing key), the others together. Every node gets the same master
 * key, so each unwraps the signing keys another stored.
 *
 * <p>Each process writes its output to a log in the run directory, which is kept for diagnosis; {@link #close()}
 * kills every process that is still alive, drops the database and deletes the data directories, also when the start
 * failed half-way; a shutdown hook does the same should the test JVM end before.
 */
public final class NodeProcesses implements AutoCloseable {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final Path DEV_JAR = Path.of("target/shop-dev.jar");
    private static final Duration START_PATIENCE = Duration.ofSeconds(120);

    /** One node: its ports, its process and its log. */
    public static final class Node {

        private final int number;
        private final int httpPort;
        private final int clusterPort;
        private final Path log;
        private Process process;

        private Node(int number, int httpPort, int clusterPort, Path log) {
            this.number = number;
            this.httpPort = httpPort;
            this.clusterPort = clusterPort;
            this.log = log;
        }

        public int number() {
            return number;
        }

        /** Its name in the cluster, as {@code token_entry} does not show it but the health component does. */
        public String clusterName() {
            return "127.0.0.1:" + clusterPort;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process != null && process.isAlive();
        }

        public Api api() {
            return new Api(httpPort);
        }

        public Path log() {
            return log;
        }

        /** {@code kill -9}: no shutdown hook, no goodbye to the cluster; answers the exit status. */
        public int kill() throws InterruptedException {
            process.destroyForcibly();
            return process.waitFor();
        }

        @Override
        public String toString() {
            return "node " + number + " (pid " + (process == null ? "-" : process.pid()) + ", http " + httpPort
                    + ", cluster " + clusterName() + ")";
        }
    }

    private final Path runDirectory;
    private final String database;
    private final List<Node> nodes = new ArrayList<>();
    private final List<String> nodeArguments;
    private final Thread killer = new Thread(this::killAll, "node-processes-killer");
    private Process shared;
    private int mongoPort;
    private int paymentPort;
    private int shippingPort;
    private HikariDataSource pool;
    private boolean databaseCreated;

    private NodeProcesses(Path runDirectory, List<String> nodeArguments) {
        this.runDirectory = runDirectory;
        this.nodeArguments = List.copyOf(nodeArguments);
        this.database = "shop_failover_" + HexFormat.of().formatHex(randomBytes(6));
    }

    /**
     * Starts the shared parts and {@code count} nodes, each given {@code nodeArguments} besides what makes it a member,
     * and returns once every node is healthy. Closes whatever it started when that fails.
     */
    public static NodeProcesses start(int count, Path runDirectory, List<String> nodeArguments) throws Exception {
        NodeProcesses cluster = new NodeProcesses(runDirectory, nodeArguments);
        Runtime.getRuntime().addShutdownHook(cluster.killer);
        try {
            cluster.startAll(count);
            return cluster;
        } catch (Throwable failure) {
            System.err.println("The cluster did not start; logs: " + cluster.logs());
            cluster.close();
            throw failure;
        }
    }

    private void startAll(int count) throws Exception {
        if (!Files.exists(DEV_JAR)) {
            throw new IllegalStateException(DEV_JAR.toAbsolutePath() + " is missing: it is built by package");
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
        mongoPort = ports.get(0);
        paymentPort = ports.get(1);
        shippingPort = ports.get(2);
        for (int i = 0; i < count; i++) {
            nodes.add(new Node(
                    i + 1,
                    ports.get(3 + i),
                    ports.get(3 + count + i),
                    runDirectory.resolve("node-" + (i + 1) + ".log")));
        }
        startShared();
        String masterKey = Base64.getEncoder().encodeToString(randomBytes(32));
        start(nodes.get(0), masterKey);
        awaitHealthy(nodes.subList(0, 1));
        for (Node node : nodes.subList(1, count)) {
            start(node, masterKey);
        }
        awaitHealthy(nodes.subList(1, count));
    }

    private void startShared() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        java(),
                        "-Xmx192m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Daxoniq.update-checker.disabled=true",
                        "-Dloader.main=com.example.shop.devstack.SharedDevStack",
                        "-cp",
                        DEV_JAR.toAbsolutePath().toString(),
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
                throw new AssertionError("the shared parts exited:\n" + tail(runDirectory.resolve("shared.log")));
            }
            return Stream.of(mongoPort, paymentPort, shippingPort).allMatch(NodeProcesses::listens);
        });
    }

    private void start(Node node, String masterKey) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-Xmx384m",
                // a short-lived JVM on two cores: C1 only starts faster, one GC thread competes less
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Daxoniq.update-checker.disabled=true",
                "-jar",
                DEV_JAR.toAbsolutePath().toString()));
        command.addAll(nodeArguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(node.log.toFile());
        String members = nodes.stream().map(Node::clusterName).collect(Collectors.joining(","));
        Map<String, String> environment = builder.environment();
        environment.putAll(Map.of(
                "PORT",
                String.valueOf(node.httpPort),
                "SHOP_DATA_DIR",
                runDirectory.resolve("node-" + node.number + "-data").toString(),
                "SPRING_DATASOURCE_URL",
                POSTGRES + database,
                "SPRING_DATASOURCE_USERNAME",
                "postgres",
                "SPRING_DATASOURCE_PASSWORD",
                "",
                "SPRING_DATA_MONGODB_URI",
                "mongodb://127.0.0.1:" + mongoPort + "/shop",
                "SHOP_PROVIDERS_PAYMENT_BASEURL",
                paymentGateway(),
                "SHOP_PROVIDERS_SHIPPING_BASEURL",
                "http://127.0.0.1:" + shippingPort));
        environment.putAll(Map.of(
                "SHOP_SECURITY_ADMIN_EMAIL",
                ServiceTest.ADMIN_EMAIL,
                "SHOP_SECURITY_ADMIN_PASSWORD",
                ServiceTest.ADMIN_PASSWORD,
                "SHOP_SECURITY_MASTERKEYID",
                "cluster",
                "SHOP_SECURITY_MASTERKEYS_CLUSTER",
                masterKey,
                "SHOP_CLUSTER_ENABLED",
                "true",
                "SHOP_CLUSTER_NAME",
                database, // a cluster of its own, whatever else runs on this machine
                "SHOP_CLUSTER_BIND_PORT",
                String.valueOf(node.clusterPort),
                "SHOP_CLUSTER_MEMBERS",
                members,
                "AXONIQ_UPDATE_CHECKER_DISABLED",
                "true"));
        node.process = builder.start();
    }

    private void awaitHealthy(List<Node> starting) {
        await().atMost(START_PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (Node node : starting) {
                if (!node.isAlive()) {
                    throw new AssertionError(node + " exited while starting:\n" + tail(node.log));
                }
            }
            return starting.stream().allMatch(NodeProcesses::healthy);
        });
    }

    private static boolean healthy(Node node) {
        try {
            Api.Response health = node.api().get("/actuator/health");
            return health.status() == 200
                    && "UP".equals(health.json().path("status").asText());
        } catch (RuntimeException notListeningYet) {
            return false;
        }
    }

    /** The members of the cluster as the node's health component lists them (details need an admin's token). */
    public static List<String> membersSeenBy(Node node, String adminToken) {
        JsonNode members = node.api()
                .withToken(adminToken)
                .get("/actuator/health")
                .json()
                .path("components")
                .path("cluster")
                .path("details")
                .path("members");
        List<String> names = new ArrayList<>();
        members.forEach(member -> names.add(member.asText()));
        return names.stream().sorted().toList();
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The node whose JVM has this process id, as {@code token_entry.owner} names it ({@code pid@host#suffix}). */
    public Optional<Node> nodeOfOwner(String owner) {
        if (owner == null || !owner.contains("@")) {
            return Optional.empty();
        }
        long pid = Long.parseLong(owner.substring(0, owner.indexOf('@')));
        return nodes.stream().filter(node -> node.process.pid() == pid).findFirst();
    }

    /** The cluster's database, for the test's own reads. */
    public JdbcClient database() {
        return JdbcClient.create(pool);
    }

    /** The payment gateway simulator every node charges at ({@code GET /_sim/ledger} shows what it did). */
    public String paymentGateway() {
        return "http://127.0.0.1:" + paymentPort;
    }

    public int paymentPort() {
        return paymentPort;
    }

    public int shippingPort() {
        return shippingPort;
    }

    /** Where the logs are written, and whatever else a failure's report needs. */
    public Path runDirectory() {
        return runDirectory;
    }

    /** Where each process's output is, for a failure's report. */
    public String logs() {
        return Stream.concat(
                        Stream.of(runDirectory.resolve("shared.log")),
                        nodes.stream().map(Node::log))
                .map(path -> path.toAbsolutePath().toString())
                .collect(Collectors.joining(", "));
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
                .forEach(NodeProcesses::deleteQuietly);
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run: nothing to remove
        }
    }

    /** SIGKILL: a graceful stop would only cost time, and nothing of a node outlives its JVM here. */
    private void killAll() {
        List<Process> processes = new ArrayList<>();
        nodes.stream().map(node -> node.process).forEach(processes::add);
        processes.add(shared);
        for (Process process : processes) {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
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

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
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

    /** Every node but the given one. */
    public List<Node> nodesBut(Node excluded) {
        return nodes.stream().filter(node -> node != excluded).toList();
    }
}
