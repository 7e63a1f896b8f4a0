package com.example.shop.infra.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Command line: rebuilds a projection of a running service through its admin API and draws a progress
 * bar until it has caught up. Run by {@code infra/rebuild.sh <projection> [base-url]}.
 */
public final class RebuildCommand {

    private static final int BAR_WIDTH = 40;
    private static final long POLL_MILLIS = 500;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final PrintStream out;

    RebuildCommand(String base, PrintStream out) {
        this.base = base.replaceAll("/+$", "");
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: rebuild.sh <projection> [base-url, default http://localhost:8080]");
            System.exit(2);
        }
        boolean done = new RebuildCommand(args.length == 2 ? args[1] : "http://localhost:8080", System.out)
                .run(args[0]);
        System.exit(done ? 0 : 1);
    }

    boolean run(String projection) throws Exception {
        JsonNode started = send(HttpRequest.newBuilder(URI.create(base + "/admin/projections/" + projection + "/rebuild"))
                .POST(HttpRequest.BodyPublishers.noBody()), 202);
        if (started == null) {
            return false;
        }
        long startedAt = System.nanoTime();
        CompletableFuture<JsonNode> caughtUp = new CompletableFuture<>();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        try {
            poller.scheduleWithFixedDelay(() -> {
                try {
                    JsonNode status = send(HttpRequest.newBuilder(
                            URI.create(base + "/admin/projections/" + projection)).GET(), 200);
                    if (status == null) {
                        caughtUp.complete(null);
                        return;
                    }
                    out.print("\r" + bar(status));
                    out.flush();
                    if (!status.path("rebuilding").asBoolean() && status.path("behind").asLong() == 0) {
                        caughtUp.complete(status);
                    }
                } catch (Exception e) {
                    caughtUp.completeExceptionally(e);
                }
            }, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
            JsonNode done = caughtUp.get();
            if (done == null) {
                return false;
            }
            out.printf(Locale.ROOT, "%nRebuilt %s up to event %,d in %.1f s%n", projection,
                    done.path("position").asLong(), (System.nanoTime() - startedAt) / 1e9);
            return true;
        } finally {
            poller.shutdownNow();
        }
    }

    static String bar(JsonNode status) {
        long head = Math.max(0, status.path("head").asLong());
        long position = Math.max(0, status.path("position").asLong());
        double done = head == 0 ? 1 : Math.min(1, (double) position / head);
        int filled = (int) Math.round(done * BAR_WIDTH);
        JsonNode left = status.path("secondsLeft");
        return String.format(Locale.ROOT, "[%s%s] %3.0f%% %,d/%,d events, %,.0f events/s, %s left   ",
                "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), done * 100, position, head,
                status.path("eventsPerSecond").asDouble(),
                left.isNumber() ? Math.round(left.asDouble()) + " s" : "unknown");
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            out.println();
            out.println("Refused: " + response.statusCode() + " " + response.body());
            return null;
        }
        return json.readTree(response.body());
    }
}
