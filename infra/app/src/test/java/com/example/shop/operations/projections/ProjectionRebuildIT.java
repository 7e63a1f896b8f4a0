package com.example.shop.operations.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.campaign.ConsumeClaimCommand;
import com.example.shop.campaign.ReleaseClaimCommand;
import com.example.shop.query.campaign.CampaignClaimView;
import com.example.shop.query.campaign.CampaignView;
import com.example.shop.query.catalog.ProductView;
import com.example.shop.query.order.CustomerOrderEntry;
import com.example.shop.query.order.OrderView;
import com.example.shop.query.projection.ProjectionCollections;
import com.example.shop.simulator.Faults;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Every read model rebuilt from the event store equals the one built live, and a rebuild writes nothing
 * to the event store (projections have no side effects to repeat).
 */
class ProjectionRebuildIT extends ServiceTest {

    private static final List<Class<?>> VIEWS = List.of(
            ProductView.class, OrderView.class, CustomerOrderEntry.class, CampaignView.class, CampaignClaimView.class);

    @Autowired
    private MongoTemplate mongo;

    @Autowired
    private ProjectionCollections collections;

    @Autowired
    private EventProcessorSupervisor supervisor;

    @Autowired
    private CommandGateway commands;

    @Autowired
    private EventProcessingConfiguration processing;

    private static final String CATALOG = "product-catalog";

    @Test
    void everyRebuiltReadModelEqualsTheLiveOne() {
        generateEventsOfEveryKind();
        awaitNoActiveSagas(Duration.ofSeconds(60));
        awaitCaughtUp();
        Map<String, List<Document>> live = readModels();
        long eventsBefore = storedEvents();
        assertThat(eventsBefore).isGreaterThan(2_000);

        List<String> projections = new ArrayList<>();
        api.get("/admin/projections")
                .json()
                .forEach(p -> projections.add(p.path("name").asText()));
        assertThat(projections)
                .contains("product-catalog", "orders", "campaigns")
                .doesNotContain("order-fulfilment");
        for (String projection : projections) {
            Api.Response started = api.post("/admin/projections/" + projection + "/rebuild", "");
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            assertThat(started.location()).contains("/admin/projections/" + projection);
        }
        awaitCaughtUp();

        Map<String, List<Document>> rebuilt = readModels();
        for (Class<?> view : VIEWS) {
            String name = view.getSimpleName();
            assertThat(rebuilt.get(name)).as(name).hasSameSizeAs(live.get(name)).isEqualTo(live.get(name));
        }
        assertThat(storedEvents()).as("a rebuild causes no events").isEqualTo(eventsBefore);
    }

    /**
     * The rebuild is held before its first event: queries still answer in full from the serving generation.
     * Once it has caught up, queries read the new generation and the old one is gone.
     */
    @Test
    void queriesReadTheCurrentCollectionsUntilTheRebuildHasCaughtUp() {
        String sku = unique("GEN");
        assertThat(api.post("/products", Api.product(sku, 700, "EUR", 9)).status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/products/" + sku).status() == 200);
        JsonNode before = api.get("/products/" + sku).json();
        String servingBefore = collections.serving(ProductView.class);

        StreamingEventProcessor catalog = processing
                .eventProcessor(CATALOG, StreamingEventProcessor.class)
                .orElseThrow();
        supervisor.pause(CATALOG);
        catalog.resetTokens(); // the reset handler starts a new, empty generation
        try {
            Api.Response during = api.get("/products/" + sku);
            assertThat(during.status()).as(during.toString()).isEqualTo(200);
            assertThat(during.json()).isEqualTo(before);
            assertThat(catalogStatus().path("rebuilding").asBoolean()).isTrue();
            assertThat(collections.serving(ProductView.class)).isEqualTo(servingBefore);
        } finally {
            supervisor.resume(CATALOG);
        }

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !catalogStatus().path("rebuilding").asBoolean());
        String servingAfter = collections.serving(ProductView.class);
        assertThat(servingAfter).isNotEqualTo(servingBefore);
        assertThat(catalogStatus().path("generation").asLong()).isPositive();
        assertThat(api.get("/products/" + sku).json()).isEqualTo(before);
        assertThat(mongo.getCollectionNames()).contains(servingAfter).doesNotContain(servingBefore);
    }

    @Test
    void anUnknownProjectionIsNotFound() {
        Api.Response response = api.post("/admin/projections/no-such-projection/rebuild", "");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problemType()).isEqualTo("/problems/projection-not-found");
    }

    private void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    for (JsonNode projection : api.get("/admin/projections").json()) {
                        assertThat(projection.path("rebuilding").asBoolean())
                                .as(projection.toString())
                                .isFalse();
                        assertThat(projection.path("behind").asLong())
                                .as(projection.toString())
                                .isZero();
                    }
                });
    }

    private JsonNode catalogStatus() {
        Api.Response status = api.get("/admin/projections/" + CATALOG);
        assertThat(status.status()).as(status.toString()).isEqualTo(200);
        return status.json();
    }

    private Map<String, List<Document>> readModels() {
        Map<String, List<Document>> models = new LinkedHashMap<>();
        for (Class<?> view : VIEWS) {
            models.put(
                    view.getSimpleName(),
                    mongo.getCollection(collections.serving(view))
                            .find()
                            .sort(new Document("_id", 1))
                            .into(new ArrayList<>()));
        }
        return models;
    }

    /** Products, restocks, orders fulfilled, failed and cancelled, a campaign with grants, releases and uses. */
    private void generateEventsOfEveryKind() {
        List<String> skus = new ArrayList<>();
        for (int p = 0; p < 30; p++) {
            String sku = unique("RB");
            skus.add(sku);
            assertThat(api.post("/products", Api.product(sku, 100 + p, "EUR", 1_000))
                            .status())
                    .isEqualTo(201);
            assertThat(api.post("/products/" + sku + "/restock", "{\"quantity\":" + (p + 1) + "}")
                            .status())
                    .isEqualTo(202);
        }
        paymentGateway.faults(Faults.none().withDeclineRate(0.2)); // some orders fail and are compensated
        for (int o = 0; o < 500; o++) {
            String body = """
                    {"customerId":"rb-customer-%d","currency":"EUR","shippingAddress":{"name":"Ann Example","line1":"742 Evergreen Terrace","postalCode":"10115","city":"Berlin","country":"DE"},"payment":{"cardToken":"tok_visa_4242"},"lines":[
                      {"sku":"%s","quantity":%d},{"sku":"%s","quantity":1}]}""".formatted(o % 37, skus.get(o % skus.size()), 1 + o % 3, skus.get((o + 7) % skus.size()));
            Api.Response placed = api.post("/orders", body);
            assertThat(placed.status()).as(placed.toString()).isEqualTo(202);
            if (o % 4 == 0) {
                String orderId = placed.json().path("orderId").asText();
                // the saga may have shipped it already
                assertThat(api.post("/orders/" + orderId + "/cancel", "{\"reason\":\"changed my mind\"}")
                                .status())
                        .isIn(202, 409);
            }
        }
        String campaign = unique("rb-campaign").toLowerCase();
        assertThat(api.post("/admin/campaigns", """
                {"campaignId":"%s","name":"Rebuild","quota":150,"discountPercent":30,
                 "startsAt":"%s","endsAt":"%s"}""".formatted(
                                        campaign,
                                        Instant.now().minusSeconds(60),
                                        Instant.now().plusSeconds(3_600)))
                        .status())
                .isEqualTo(201);
        for (int c = 0; c < 200; c++) {
            Api.Response claim = api.post("/campaigns/" + campaign + "/claims", "{\"customerId\":\"rb-" + c + "\"}");
            if (claim.status() == 201) {
                String claimId = claim.json().path("claimId").asText();
                if (c % 5 == 0) {
                    commands.sendAndWait(new ReleaseClaimCommand(campaign, claimId, "order failed"));
                } else if (c % 5 == 1) {
                    commands.sendAndWait(new ConsumeClaimCommand(campaign, claimId, "order-" + c));
                }
            }
        }
    }
}
