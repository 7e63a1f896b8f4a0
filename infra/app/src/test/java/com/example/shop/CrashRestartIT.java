package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start survives a crash: the service runs in a JVM of its own on the embedded defaults, is
 * killed with SIGKILL (its embedded PostgreSQL lives on, an orphan holding the data directory), and the
 * next start on the same data directory comes up with the data written before the kill.
 */
class CrashRestartIT {

    private static final String SKU = "CRASH-1";

    @TempDir
    Path dataDir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        started.forEach(Process::destroyForcibly);
        postmaster().ifPresent(ProcessHandle::destroy);
    }

    @Test
    void aServiceKilledWithSigkillStartsAgainOnTheSameData() throws Exception {
        int port = freePort();
        Process first = start(port, "first");
        Api admin = new Api(port).loggedInAs(ServiceTest.ADMIN_EMAIL, ServiceTest.ADMIN_PASSWORD);
        Api.Response registered = admin.post("/products", Api.product(SKU, 900, "EUR", 5));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        Api firstAdmin = admin;
        await().atMost(Duration.ofSeconds(30))
                .until(() -> firstAdmin.get("/products/" + SKU).status() == 200);
        // the read model's file is written within 20 ms of a change: kill once it has stopped changing
        Path readModel = dataDir.resolve("data").resolve("mongo.mv");
        AtomicReference<FileTime> lastSeen = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    FileTime now = Files.getLastModifiedTime(readModel);
                    return now.equals(lastSeen.getAndSet(now));
                });

        first.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(first.waitFor()).isEqualTo(137);
        assertThat(postmaster())
                .as("the embedded PostgreSQL outlived the killed service")
                .isPresent();

        Process second = start(port, "second");
        admin = new Api(port).loggedInAs(ServiceTest.ADMIN_EMAIL, ServiceTest.ADMIN_PASSWORD);
        Api.Response product = admin.get("/products/" + SKU);
        assertThat(product.status()).as(product.toString()).isEqualTo(200);
        assertThat(product.json().path("available").asLong()).isEqualTo(5);

        second.destroy(); // SIGTERM: a clean stop takes its PostgreSQL along
        assertThat(second.waitFor()).isIn(0, 143);
        await().atMost(Duration.ofSeconds(30)).until(() -> postmaster().isEmpty());
    }

    private Process start(int port, String name) throws IOException {
        Path log = dataDir.resolve(name + ".log");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-XX:TieredStopAtLevel=1",
                        "-Daxoniq.update-checker.disabled=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ShopApplication.class.getName(),
                        "--server.port=" + port,
                        "--shop.embedded.data-dir=" + dataDir.resolve("data"),
                        "--shop.simulators.payment.port=0",
                        "--shop.simulators.shipping.port=0",
                        "--shop.security.admin.email=" + ServiceTest.ADMIN_EMAIL,
                        "--shop.security.admin.password=" + ServiceTest.ADMIN_PASSWORD)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        started.add(process);
        Api anonymous = new Api(port);
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the " + name + " start failed:\n" + Files.readString(log));
                    }
                    try {
                        return anonymous.get("/actuator/health/readiness").status() == 200;
                    } catch (RuntimeException notYetListening) {
                        return false;
                    }
                });
        return process;
    }

    private Optional<ProcessHandle> postmaster() {
        Path pidFile = dataDir.resolve("data").resolve("postgres").resolve("postmaster.pid");
        try {
            return Files.exists(pidFile)
                    ? ProcessHandle.of(Long.parseLong(
                                    Files.readAllLines(pidFile).get(0).trim()))
                            .filter(ProcessHandle::isAlive)
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
