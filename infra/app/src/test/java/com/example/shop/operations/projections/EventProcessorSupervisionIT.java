package com.example.shop.operations.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.example.shop.support.Api;
import com.example.shop.support.CapturedLog;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.springboot.EventProcessorProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A projection whose thread is interrupted in the middle of a flood of claims (what Axon's unit-of-work
 * timeout does to a batch that runs too long) shuts itself down. Health says so at once, the supervisor
 * starts it again, and the read model catches up with every grant.
 */
class EventProcessorSupervisionIT extends ServiceTest {

    private static final String CAMPAIGNS = "campaigns";
    private static final int QUOTA = 300;
    private static final int CUSTOMERS = 1_200;
    private static final int CONNECTIONS = 16;

    @Autowired
    private EventProcessorProperties processorProperties;

    @Autowired
    private EventProcessingConfiguration processing;

    @Test
    void grantBatchesAreBoundedByTheWritesTheyCause() {
        // 10,000 writes per unit of work, each grant event causing up to 1,000 grants and the count
        assertThat(processorProperties.getProcessors().get(CAMPAIGNS).getBatchSize())
                .isEqualTo(9);
    }

    @Test
    void aProjectionInterruptedUnderLoadIsStartedAgainAndCatchesUpWhileHealthSaysSo() throws Exception {
        String campaign = unique("supervised").toLowerCase();
        assertThat(api.post("/admin/campaigns", """
                {"campaignId":"%s","name":"Supervised","quota":%d,"discountPercent":50,"startsAt":"%s","endsAt":"%s"}""".formatted(
                                        campaign,
                                        QUOTA,
                                        Instant.now().minusSeconds(60),
                                        Instant.now().plusSeconds(3600)))
                        .status())
                .isEqualTo(201);
        double restartsBefore = restarts();

        Set<String> granted = ConcurrentHashMap.newKeySet();
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
        List<Future<?>> load = new ArrayList<>();
        for (int t = 0; t < CONNECTIONS; t++) {
            int first = t;
            load.add(clients.submit(() -> {
                for (int c = first; c < CUSTOMERS; c += CONNECTIONS) {
                    String customer = campaign + "-customer-" + c;
                    Api.Response answer =
                            api.post("/campaigns/" + campaign + "/claims", "{\"customerId\":\"" + customer + "\"}");
                    if (answer.status() == 201) {
                        granted.add(customer);
                    } else if (answer.status() != 409) {
                        unexpected.add(answer.toString());
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !granted.isEmpty());

        AtomicBoolean sawReadinessDown = new AtomicBoolean();
        AtomicInteger polls = new AtomicInteger();
        StreamingEventProcessor processor = processing
                .eventProcessor(CAMPAIGNS, StreamingEventProcessor.class)
                .orElseThrow();
        try (CapturedLog supervisor = CapturedLog.of(EventProcessorSupervisor.class.getName())) {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        JsonNode readiness = readiness();
                        if ("STOPPED".equals(condition(readiness))) {
                            sawReadinessDown.set(
                                    "DOWN".equals(readiness.path("status").asText()));
                            return true;
                        }
                        interruptProcessorThreads();
                        if (polls.incrementAndGet() == 10) {
                            // an interrupted batch only costs the pooled processor that segment's batch (the work
                            // package is aborted, the segment claimed again); the supervisor's case is a processor
                            // that stopped all the same, without being asked to through the supervisor
                            CompletableFuture.runAsync(processor::shutDown);
                        }
                        return false;
                    });
            assertThat(sawReadinessDown)
                    .as("readiness is DOWN while the projection is stopped")
                    .isTrue();

            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> restarts() > restartsBefore && "RUNNING".equals(condition(readiness())));
            assertThat(supervisor.messages(Level.WARN))
                    .as("the stop and the restart are logged")
                    .anyMatch(message ->
                            message.startsWith("Event processor " + CAMPAIGNS + " stopped without being asked to"))
                    .anyMatch(message -> message.startsWith("Event processor " + CAMPAIGNS + " started again"));
        }
        for (Future<?> client : load) {
            client.get(2, TimeUnit.MINUTES);
        }
        clients.shutdown();

        assertThat(unexpected).isEmpty();
        assertThat(granted).hasSize(QUOTA);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    JsonNode view = api.get("/campaigns/" + campaign).json();
                    assertThat(view.path("granted").asInt()).isEqualTo(QUOTA);
                });
        for (String customer : granted) {
            Api.Response claim = api.get("/campaigns/" + campaign + "/claims/" + customer);
            assertThat(claim.status()).as(customer + ": " + claim).isEqualTo(200);
        }
        assertThat(readiness().path("status").asText()).isEqualTo("UP");
    }

    private JsonNode readiness() {
        return api.get("/actuator/health/readiness").json();
    }

    private static String condition(JsonNode health) {
        return health.path("components")
                .path("eventProcessors")
                .path("details")
                .path(CAMPAIGNS)
                .path("condition")
                .asText();
    }

    private double restarts() {
        Api.Response metric = api.get("/actuator/metrics/shop.processor.restarts?tag=processor:" + CAMPAIGNS);
        assertThat(metric.status()).as(metric.toString()).isEqualTo(200);
        return metric.json().path("measurements").get(0).path("value").asDouble();
    }

    /** What Axon's unit-of-work timeout does to a batch that runs too long. */
    private static void interruptProcessorThreads() {
        Thread.getAllStackTraces().keySet().stream()
                // as the unit of work's timeout does to a batch that runs too long
                .filter(thread -> thread.getName().startsWith("WorkPackage[" + CAMPAIGNS + "]"))
                .forEach(Thread::interrupt);
    }
}
