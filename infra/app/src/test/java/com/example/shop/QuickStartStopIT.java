package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start as a user runs it, in a process of its own (embedded PostgreSQL, file-backed MongoDB wire server,
 * simulators), asked to stop while a client follows an order's status stream: it closes in its usual order, the
 * embedded database last (before, the database's own shutdown hook stopped it first: every component still using it
 * failed, and the stop outlasted the 5 s {@code spring-boot:run} waits before it kills the service, "exit code 143"),
 * and prints no warning, error or stack trace on the way; nor does a request it refuses, nor its start-up an AxonIQ
 * banner.
 */
class QuickStartStopIT {

    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Pattern PAYMENT_SIMULATOR = Pattern.compile("Started the payment simulator at (\\S+)");
    private static final Pattern TRACE_LINE =
            Pattern.compile("^\\s+at |^Caused by: |^\\s+\\.\\.\\. \\d+ (more|common frames)");

    @TempDir
    Path dataDir;

    private Process service;
    private Path output;

    @AfterEach
    void stopService() {
        if (service != null && service.isAlive()) {
            service.destroyForcibly();
        }
    }

    private void startService() throws IOException {
        output = dataDir.resolve("service.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Daxoniq.update-checker.disabled=true",
                ShopApplication.class.getName(),
                "--server.port=0",
                "--shop.embedded.data-dir=" + dataDir.resolve("data"),
                "--shop.embedded.postgres.prefer-local=false",
                "--shop.simulators.payment.port=0",
                "--shop.simulators.shipping.port=0",
                "--shop.security.admin.email=" + ServiceTest.ADMIN_EMAIL,
                "--shop.security.admin.password=" + ServiceTest.ADMIN_PASSWORD));
        service = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    private String log() throws IOException {
        return Files.readString(output);
    }

    private String found(Pattern pattern) throws IOException {
        Matcher matcher = pattern.matcher(log());
        assertThat(matcher.find()).as("the service's output shows " + pattern).isTrue();
        return matcher.group(1);
    }

    @Test
    void stopsInItsOwnOrderWithoutNoise() throws Exception {
        startService();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !service.isAlive() || log().contains("Started ShopApplication"));
        assertThat(service.isAlive()).as("started:\n" + log()).isTrue();
        int port = Integer.parseInt(found(PORT));
        String token = new Api(port)
                .login(ServiceTest.ADMIN_EMAIL, ServiceTest.ADMIN_PASSWORD)
                .json()
                .path("accessToken")
                .asText();
        Api admin = new Api(port).withToken(token);

        assertThat(admin.post("/products", Api.product("STOP-1", 500, "EUR", 5)).status())
                .isEqualTo(201);
        assertThat(admin.post("/products/NOPE-1/restock", "{\"quantity\":1}").status())
                .isEqualTo(404);
        HttpClient http = HttpClient.newHttpClient();
        // the gateway is down, so the order waits and its status stream stays open
        http.send(
                HttpRequest.newBuilder(URI.create(found(PAYMENT_SIMULATOR) + "/_sim/faults"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"outage\":true}"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        Api.Response placed = admin.post("/orders", Api.order("stopper", "EUR", "STOP-1", 1));
        assertThat(placed.status()).as("%s", placed).isEqualTo(202);
        String orderId = placed.json().path("orderId").asText();
        // a fresh service on a machine the rest of the suite keeps busy: its first read model write may take a while
        await().atMost(Duration.ofSeconds(90))
                .until(() -> admin.get("/orders/" + orderId).status() == 200);
        HttpResponse<Stream<String>> stream = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders/" + orderId + "/status-events"))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        CompletableFuture<Long> streamEnded =
                CompletableFuture.supplyAsync(() -> stream.body().count());

        int before = log().length();
        long asked = System.nanoTime();
        service.destroy(); // SIGTERM; Ctrl-C's SIGINT takes the same path
        assertThat(service.waitFor(60, TimeUnit.SECONDS))
                .as("stopped:\n" + log())
                .isTrue();
        // typically 1 to 2 s; an open stream would hold the web server's graceful shutdown for its 30 s
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(20));

        String all = log();
        String stop = all.substring(before);
        assertThat(service.exitValue()).as(stop).isEqualTo(128 + 15);
        assertThat(streamEnded.get(5, TimeUnit.SECONDS))
                .as("the open status stream was ended")
                .isPositive();
        assertThat(stop.lines()
                        .filter(line -> line.contains(" WARN ")
                                || line.contains(" ERROR ")
                                || TRACE_LINE.matcher(line).find()))
                .as(stop)
                .isEmpty();
        int poolClosed = stop.indexOf("HikariPool-1 - Shutdown completed");
        assertThat(poolClosed).as("the pool closes").isPositive();
        // the database's own line reaches the output through the embedded server's log reader, which the exit may cut
        // short; where it is there, it comes after the pool's
        int databaseStopped = stop.indexOf("received fast shutdown request");
        if (databaseStopped >= 0) {
            assertThat(poolClosed)
                    .as("the pool closes before the database stops")
                    .isLessThan(databaseStopped);
        }
        assertThat(all).doesNotContain("AxonIQ Console").doesNotContain("AbstractRepository");
    }
}
