package com.example.shop.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The flash-sale invariant at CI size: 5,000 claim attempts over real HTTP from 2,500 customers (each
 * tries twice) on 64 connections against a quota of 500. The full-size run is in infra/bench.
 */
class FlashSaleClaimsIT extends ServiceTest {

    private static final int QUOTA = 500;
    private static final int CUSTOMERS = 2_500;
    private static final int CONNECTIONS = 64;

    @Test
    void grantsExactlyTheQuotaOncePerCustomerAndTheStoreAgrees() throws Exception {
        String campaign = unique("flash").toLowerCase();
        assertThat(api.post("/admin/campaigns", CampaignApiIT.open(campaign, QUOTA))
                        .status())
                .isEqualTo(201);

        List<String> attempts = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int c = 0; c < CUSTOMERS; c++) {
                attempts.add("customer-" + c);
            }
        }
        Collections.shuffle(attempts, new java.util.Random(7));
        Map<String, String> grantedClaimByCustomer = new ConcurrentHashMap<>();
        Set<String> grantedTwice = ConcurrentHashMap.newKeySet();
        Map<String, Integer> refusals = new ConcurrentHashMap<>();
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        ExecutorService connections = Executors.newFixedThreadPool(CONNECTIONS);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < CONNECTIONS; t++) {
            int first = t;
            connections.submit(() -> {
                go.await();
                for (int i = first; i < attempts.size(); i += CONNECTIONS) {
                    String customer = attempts.get(i);
                    Api.Response response =
                            api.post("/campaigns/" + campaign + "/claims", "{\"customerId\":\"" + customer + "\"}");
                    if (response.status() == 201) {
                        if (grantedClaimByCustomer.putIfAbsent(
                                        customer,
                                        response.json().path("claimId").asText())
                                != null) {
                            grantedTwice.add(customer);
                        }
                    } else if (response.status() == 409) {
                        refusals.merge(response.json().path("reason").asText(), 1, Integer::sum);
                    } else {
                        unexpected.add(response.toString());
                    }
                }
                return null;
            });
        }
        go.countDown();
        connections.shutdown();
        assertThat(connections.awaitTermination(3, TimeUnit.MINUTES)).isTrue();

        assertThat(unexpected).isEmpty();
        assertThat(grantedTwice).isEmpty();
        assertThat(grantedClaimByCustomer).hasSize(QUOTA);
        assertThat(refusals.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2 * CUSTOMERS - QUOTA);
        assertThat(refusals.keySet()).containsOnly("SOLD_OUT", "ALREADY_CLAIMED");

        List<Map<String, Object>> stored = jdbc.sql("""
                        select convert_from(payload, 'UTF8') as payload from domain_event_entry
                        where aggregate_identifier = :campaign and payload_type = :type""")
                .param("campaign", campaign)
                .param("type", DiscountClaimsGrantedEvent.class.getName())
                .query()
                .listOfRows();
        List<String> storedClaims = stored.stream()
                .flatMap(row ->
                        Api.parse(row.get("payload").toString()).path("grants").valueStream())
                .map(grant -> grant.path("claimId").asText())
                .toList();
        assertThat(storedClaims).hasSize(QUOTA);
        assertThat(Set.copyOf(storedClaims)).isEqualTo(Set.copyOf(grantedClaimByCustomer.values()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode state = api.get("/campaigns/" + campaign).json();
            assertThat(state.path("granted").asInt()).isEqualTo(QUOTA);
            assertThat(state.path("remaining").asInt()).isZero();
        });
        String someone = grantedClaimByCustomer.keySet().iterator().next();
        assertThat(api.get("/campaigns/" + campaign + "/claims/" + someone)
                        .json()
                        .path("claimId")
                        .asText())
                .isEqualTo(grantedClaimByCustomer.get(someone));
    }
}
