package com.example.shop.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CampaignApiIT extends ServiceTest {

    static String campaign(String id, int quota, Instant startsAt, Instant endsAt) {
        return """
                {"campaignId":"%s","name":"Flash %s","quota":%d,"discountPercent":50,"startsAt":"%s","endsAt":"%s"}""".formatted(id, id, quota, startsAt, endsAt);
    }

    static String open(String id, int quota) {
        return campaign(id, quota, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
    }

    private static String claimBy(String customer) {
        return "{\"customerId\":\"" + customer + "\"}";
    }

    @Test
    void grantsUntilSoldOutAndShowsTheLiveState() {
        String id = unique("cmp").toLowerCase();
        Api.Response created = api.post("/admin/campaigns", open(id, 2));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.location()).hasValue("/campaigns/" + id);

        Api.Response ann = api.post("/campaigns/" + id + "/claims", claimBy("ann"));
        assertThat(ann.status()).as(ann.toString()).isEqualTo(201);
        assertThat(ann.json().path("discountPercent").asInt()).isEqualTo(50);
        assertThat(ann.json().path("claimId").asText()).isNotBlank();
        assertThat(ann.location()).hasValue("/campaigns/" + id + "/claims/ann");

        Api.Response again = api.post("/campaigns/" + id + "/claims", claimBy("ann"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("/problems/discount-already-claimed");

        assertThat(api.post("/campaigns/" + id + "/claims", claimBy("ben")).status())
                .isEqualTo(201);
        Api.Response soldOut = api.post("/campaigns/" + id + "/claims", claimBy("cat"));
        assertThat(soldOut.status()).isEqualTo(409);
        assertThat(soldOut.problemType()).isEqualTo("/problems/campaign-sold-out");
        assertThat(soldOut.json().path("reason").asText()).isEqualTo("SOLD_OUT");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode state = api.get("/campaigns/" + id).json();
            assertThat(state.path("granted").asInt()).isEqualTo(2);
            assertThat(state.path("remaining").asInt()).isZero();
            assertThat(state.path("status").asText()).isEqualTo("SOLD_OUT");
        });
        JsonNode claim = api.get("/campaigns/" + id + "/claims/ann").json();
        assertThat(claim.path("status").asText()).isEqualTo("GRANTED");
        assertThat(claim.path("claimId").asText())
                .isEqualTo(ann.json().path("claimId").asText());
        assertThat(api.get("/campaigns/" + id + "/claims/cat").status()).isEqualTo(404);
    }

    @Test
    void refusesClaimsOutsideTheWindow() {
        String later = unique("later").toLowerCase();
        api.post(
                "/admin/campaigns",
                campaign(
                        later, 5, Instant.now().plusSeconds(3600), Instant.now().plusSeconds(7200)));
        Api.Response early = api.post("/campaigns/" + later + "/claims", claimBy("ann"));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.problemType()).isEqualTo("/problems/campaign-not-started");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/campaigns/" + later).status() == 200);
        assertThat(api.get("/campaigns/" + later).json().path("status").asText())
                .isEqualTo("SCHEDULED");

        // a window that has ended cannot be created: this one ends a few seconds after its creation
        String over = unique("over").toLowerCase();
        Instant endsAt = Instant.now().plusSeconds(5);
        assertThat(api.post("/admin/campaigns", campaign(over, 5, Instant.now().minusSeconds(60), endsAt))
                        .status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(endsAt));
        assertThat(api.post("/campaigns/" + over + "/claims", claimBy("ann")).problemType())
                .isEqualTo("/problems/campaign-ended");
    }

    @Test
    void refusesToCreateACampaignWhoseWindowHasAlreadyEnded() {
        long before = storedEvents();
        String id = unique("past").toLowerCase();
        Instant endedAt = Instant.now().minusSeconds(3600);

        Api.Response refused = api.post("/admin/campaigns", campaign(id, 5, endedAt.minusSeconds(3600), endedAt));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.problemType()).isEqualTo("/problems/campaign-window-ended");
        assertThat(refused.json().path("field").asText()).isEqualTo("endsAt");
        assertThat(refused.json().path("detail").asText()).contains(endedAt.toString());
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(api.post("/campaigns/" + id + "/claims", claimBy("ann")).problemType())
                .isEqualTo("/problems/campaign-not-found");
    }

    @Test
    void refusesBadInput() {
        long before = storedEvents();
        Api.Response unknown = api.post("/campaigns/" + unique("nope") + "/claims", claimBy("ann"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemType()).isEqualTo("/problems/campaign-not-found");
        assertThat(api.post("/admin/campaigns", open("bad id!", 5)).status()).isEqualTo(400);
        assertThat(api.post("/admin/campaigns", open(unique("q").toLowerCase(), 0))
                        .problemType())
                .isEqualTo("/problems/validation");
        assertThat(api.post(
                                "/admin/campaigns",
                                campaign(
                                        unique("w").toLowerCase(),
                                        5,
                                        Instant.now(),
                                        Instant.now().minusSeconds(5)))
                        .problemType())
                .isEqualTo("/problems/invalid-window");
        assertThat(api.post("/campaigns/x/claims", "{\"customerId\":\"a b\"}").status())
                .isEqualTo(400);
        assertThat(api.post("/campaigns/x/claims", "{\"customerId\":\"ann\",\"discount\":100}")
                        .status())
                .isEqualTo(400);
        assertThat(storedEvents()).isEqualTo(before);

        String id = unique("dup").toLowerCase();
        assertThat(api.post("/admin/campaigns", open(id, 5)).status()).isEqualTo(201);
        assertThat(api.post("/admin/campaigns", open(id, 5)).problemType())
                .isEqualTo("/problems/campaign-already-exists");
    }
}
