package com.example.shop.operations.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.example.shop.catalog.ProductRegisteredEvent;
import com.example.shop.support.Api;
import com.example.shop.support.CapturedLog;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A projection that cannot handle an event parks it in PostgreSQL and goes on with every other
 * aggregate; the admin API lists, retries and evicts the parked events.
 */
@Import(DeadLetterApiIT.ProbeConfiguration.class)
@TestPropertySource(
        properties = {
            "axon.eventhandling.processors.dead-letter-probe.mode=pooled",
            "axon.eventhandling.processors.dead-letter-probe.dlq.enabled=true"
        })
class DeadLetterApiIT extends ServiceTest {

    private static final String GROUP = "dead-letter-probe";

    @Autowired
    private Probe probe;

    @TestConfiguration
    static class ProbeConfiguration {
        @Bean
        Probe deadLetterProbe() {
            return new Probe();
        }
    }

    /** Fails on the products it is told to, until it is told otherwise. */
    @ProcessingGroup(GROUP)
    static class Probe {
        final Set<String> poisoned = ConcurrentHashMap.newKeySet();
        final Set<String> handled = ConcurrentHashMap.newKeySet();

        @EventHandler
        void on(ProductRegisteredEvent event) {
            if (poisoned.contains(event.sku())) {
                throw new IllegalStateException("cannot handle " + event.sku());
            }
            handled.add(event.sku());
        }
    }

    private List<JsonNode> letters() {
        Api.Response response = api.get("/admin/dead-letters?processingGroup=" + GROUP);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonNode> letters = new ArrayList<>();
        response.json().forEach(letters::add);
        return letters;
    }

    private void register(String sku) {
        assertThat(api.post("/products", Api.product(sku, 100, "EUR", 1)).status())
                .isEqualTo(201);
    }

    @Test
    void aPoisonEventIsParkedWhileOthersGoOn_thenRetriedOnceTheCauseIsGone() {
        String poison = unique("POISON");
        String healthy = unique("HEALTHY");
        probe.poisoned.add(poison);
        register(poison);
        register(healthy);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(probe.handled).contains(healthy);
            assertThat(letters())
                    .extracting(l -> l.path("sequenceIdentifier").asText())
                    .contains(poison);
        });
        JsonNode letter = letters().stream()
                .filter(l -> l.path("sequenceIdentifier").asText().equals(poison))
                .findFirst()
                .orElseThrow();
        assertThat(letter.path("eventType").asText()).isEqualTo(ProductRegisteredEvent.class.getName());
        assertThat(letter.path("causeMessage").asText()).contains("cannot handle " + poison);

        try (CapturedLog axon =
                CapturedLog.of("org.axonframework.eventhandling.deadletter.DeadLetteredEventProcessingTask")) {
            Api.Response stillFailing =
                    api.post("/admin/dead-letters/" + GROUP + "/retry?sequenceIdentifier=" + poison, "");
            assertThat(stillFailing.json().path("sequencesHandled").asInt()).isZero();
            assertThat(axon.messages(Level.WARN))
                    .as("the failed retry is reported")
                    .singleElement()
                    .asString()
                    .startsWith("Processing dead letter with message id")
                    .endsWith("failed.");
        }
        assertThat(letters())
                .extracting(l -> l.path("sequenceIdentifier").asText())
                .contains(poison);

        probe.poisoned.remove(poison);
        Api.Response retried = api.post("/admin/dead-letters/" + GROUP + "/retry?sequenceIdentifier=" + poison, "");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().path("sequencesHandled").asInt()).isEqualTo(1);
        assertThat(probe.handled).contains(poison);
        assertThat(letters())
                .extracting(l -> l.path("sequenceIdentifier").asText())
                .doesNotContain(poison);
    }

    @Test
    void anEvictedLetterIsGoneForGood() {
        String poison = unique("EVICT");
        probe.poisoned.add(poison);
        register(poison);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> letters().stream()
                        .anyMatch(l -> l.path("sequenceIdentifier").asText().equals(poison)));
        String id = letters().stream()
                .filter(l -> l.path("sequenceIdentifier").asText().equals(poison))
                .findFirst()
                .orElseThrow()
                .path("deadLetterId")
                .asText();

        assertThat(api.delete("/admin/dead-letters/" + GROUP + "/" + id).status())
                .isEqualTo(204);
        assertThat(letters()).extracting(l -> l.path("deadLetterId").asText()).doesNotContain(id);
        Api.Response again = api.delete("/admin/dead-letters/" + GROUP + "/" + id);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.problemType()).isEqualTo("/problems/dead-letter-not-found");
        assertThat(probe.handled).doesNotContain(poison);
    }

    @Test
    void aGroupWithoutAQueueIsNotFound() {
        Api.Response response = api.post("/admin/dead-letters/no-such-group/retry", "");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problemType()).isEqualTo("/problems/dead-letter-queue-not-found");
    }
}
