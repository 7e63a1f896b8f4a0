package com.example.shop.app.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

/**
 * The dashboard and the alert rules in {@code infra/monitoring} ask only for metrics the service exports: after a
 * small load every metric name in their queries is a series of {@code /actuator/prometheus}. A renamed metric
 * would otherwise leave an empty panel or an alert that never fires.
 */
// the scrape endpoint, which Spring Boot switches off in tests unless asked
@AutoConfigureObservability(tracing = false)
class MonitoringAsCodeIT extends ServiceTest {

    private static final Path MONITORING = Path.of("../monitoring");
    /** A PromQL identifier: a metric name (labels, quoted values, grouping and ranges are removed first). */
    private static final Pattern NAME = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9]*_[a-zA-Z0-9_]+\\b");

    @Test
    void everyPanelAndEveryAlertAsksOnlyForMetricsTheScrapeHas() throws Exception {
        String sku = unique("MON");
        api.post("/products", Api.product(sku, 990, "EUR", 5));
        String orderId = api.post("/orders", Api.order("monitoring", "EUR", sku, 1))
                .json()
                .path("orderId")
                .asText();
        assertThat(api.post("/orders", Api.order("monitoring", "EUR", unique("NONE"), 1))
                        .status())
                .isEqualTo(422);
        awaitEnded(List.of(orderId), Duration.ofSeconds(30));
        System.gc(); // the GC pause series exists once a collection has been seen
        String scrape = await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("/actuator/prometheus").rawBody(),
                        body -> body.contains("\njvm_gc_pause_seconds_sum"));

        JsonNode dashboard = Api.parse(Files.readString(MONITORING.resolve("grafana-dashboard.json")));
        List<String> panelQueries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets").size())
                    .as(panel.path("title").asText())
                    .isPositive();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(metricNames(expr))
                        .as("metrics of panel %s", panel.path("title").asText())
                        .isNotEmpty();
                panelQueries.add(expr);
            }
        }
        assertThat(panelQueries).hasSizeGreaterThanOrEqualTo(14);
        List<String> alertQueries = Files.readString(MONITORING.resolve("prometheus-alerts.yml"))
                .lines()
                .map(String::trim)
                .filter(line -> line.startsWith("expr:"))
                .toList();

        Set<String> asked = new TreeSet<>();
        panelQueries.forEach(expr -> asked.addAll(metricNames(expr)));
        alertQueries.forEach(expr -> asked.addAll(metricNames(expr.substring("expr:".length()))));
        assertThat(asked)
                .contains(
                        "http_server_requests_seconds_count",
                        "commandBus_allTimer_seconds",
                        "shop_processor_lag_seconds",
                        "shop_orders_open",
                        "resilience4j_circuitbreaker_state",
                        "shop_orders_shed_total",
                        "shop_campaign_claims_batch_size_count",
                        "jvm_memory_used_bytes",
                        "hikaricp_connections_active");
        assertThat(asked)
                .allSatisfy(name -> assertThat(scrape)
                        .as("a series named " + name)
                        .containsPattern("(?m)^" + Pattern.quote(name) + "[{ ]"));
    }

    static Set<String> metricNames(String promql) {
        String bare = promql.replaceAll("\"[^\"]*\"", "\"\"")
                .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", "")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "");
        Set<String> names = new TreeSet<>();
        Matcher matcher = NAME.matcher(bare);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }
}
