package com.example.shop.operations.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

/**
 * The event processors' own metrics, read where an operator reads them: the actuator's metrics endpoint and
 * the Prometheus scrape (which Spring Boot switches off in tests unless asked for).
 */
@AutoConfigureObservability(tracing = false)
class EventProcessorMetricsIT extends ServiceTest {

    private static final String CATALOG = "product-catalog";

    @Test
    void everyEventTheCatalogReadsIsCountedOnceAsHandledOrIgnored() {
        awaitNoActiveSagas(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> catalogBehind() == 0);
        long eventsBefore = storedEvents();
        long countedBefore = catalogCounted();
        long handledBefore = catalogEvents("success");

        assertThat(api.post("/products", Api.product(unique("M"), 500, "EUR", 3))
                        .status())
                .isEqualTo(201);

        // every event the store gained passed the catalog once: handled, or ignored for want of a handler
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    assertThat(catalogBehind()).isZero();
                    assertThat(catalogCounted() - countedBefore).isEqualTo(storedEvents() - eventsBefore);
                });
        assertThat(catalogEvents("success") - handledBefore)
                .as("the product's registration and its stock")
                .isGreaterThanOrEqualTo(2);
        assertThat(catalogEvents("failure")).isZero();
        assertThat(metric("shop.processor.event-age", "processor:" + CATALOG)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void axonsPerEventMonitorsAreNotRegisteredForProcessors() {
        Api.Response names = api.get("/actuator/metrics");
        assertThat(names.status()).as(names.toString()).isEqualTo(200);
        assertThat(names.json().path("names").toString()).contains("\"shop.processor.events\"");
        // Axon's Micrometer monitors name their meters after the processor: "orders.successCounter" and so on
        assertThat(names.json().path("names"))
                .noneMatch(name ->
                        name.asText().startsWith(CATALOG + ".") || name.asText().startsWith("orders."));
    }

    @Test
    void prometheusScrapesThemForAdminsOnly() {
        Api.Response scrape = api.get("/actuator/prometheus");
        assertThat(scrape.status()).as(scrape.toString()).isEqualTo(200);
        assertThat(scrape.rawBody())
                .contains("shop_processor_events_total{outcome=\"success\",processor=\"" + CATALOG + "\"")
                .contains("shop_processor_event_age_seconds{processor=\"orders\"");
        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(401);
    }

    @Test
    void theAlertRulesAskOnlyForMetricsTheScrapeHas() throws Exception {
        String rules = Files.readString(Path.of("../monitoring/prometheus-alerts.yml"));
        Set<String> asked = new TreeSet<>();
        Matcher metric = Pattern.compile("\\bshop_processor_[a-z_]+")
                .matcher(String.join(
                        "\n",
                        rules.lines()
                                .filter(line -> line.trim().startsWith("expr:"))
                                .toList()));
        while (metric.find()) {
            asked.add(metric.group());
        }
        assertThat(asked)
                .contains("shop_processor_running", "shop_processor_restarts_total", "shop_processor_lag_seconds");
        String scrape = api.get("/actuator/prometheus").rawBody();
        assertThat(asked).allSatisfy(name -> assertThat(scrape).contains("\n" + name + "{processor=\"orders\""));
    }

    private long catalogBehind() {
        for (var projection : api.get("/admin/projections").json()) {
            if (projection.path("name").asText().equals(CATALOG)) {
                return projection.path("behind").asLong();
            }
        }
        throw new AssertionError("no projection " + CATALOG);
    }

    private long catalogCounted() {
        return catalogEvents("success") + catalogEvents("ignored") + catalogEvents("failure");
    }

    private long catalogEvents(String outcome) {
        return (long) metric("shop.processor.events", "processor:" + CATALOG, "outcome:" + outcome);
    }

    private double metric(String name, String... tags) {
        StringBuilder path = new StringBuilder("/actuator/metrics/" + name + "?");
        for (String tag : tags) {
            path.append("tag=").append(tag).append('&');
        }
        Api.Response response = api.get(path.toString());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().path("measurements").get(0).path("value").asDouble();
    }
}
