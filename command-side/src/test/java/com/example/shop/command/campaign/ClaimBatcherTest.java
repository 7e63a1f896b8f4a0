package com.example.shop.command.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.shop.campaign.CampaignNotFoundException;
import com.example.shop.campaign.ClaimDecision;
import com.example.shop.campaign.ClaimRejection;
import com.example.shop.campaign.CreateCampaignCommand;
import com.example.shop.campaign.DiscountClaimsGrantedEvent;
import com.example.shop.campaign.ReleaseClaimCommand;
import com.example.shop.platform.AuditContext;
import com.example.shop.rules.OverloadedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The batcher on a real Axon command bus and the real campaign aggregate, with an in-memory event store. */
class ClaimBatcherTest {

    private Configuration axon;
    private CommandGateway gateway;
    private SimpleMeterRegistry meters;
    private ClaimBatcher batcher;

    @BeforeEach
    void start() {
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(DiscountCampaign.class)
                .buildConfiguration();
        axon.start();
        gateway = axon.commandGateway();
        meters = new SimpleMeterRegistry();
        batcher = new ClaimBatcher(gateway, meters, new ClaimSettings(200, 10_000, 2));
    }

    @AfterEach
    void stop() throws InterruptedException {
        batcher.destroy();
        axon.shutdown();
    }

    private void campaign(String id, int quota) {
        gateway.sendAndWait(new CreateCampaignCommand(
                id,
                "Flash",
                quota,
                50,
                Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600)));
    }

    private List<DomainEventMessage<?>> events(String campaignId) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        axon.eventStore().readEvents(campaignId, 0).forEachRemaining(events::add);
        return events;
    }

    @Test
    void aFloodOfClaimsGrantsExactlyTheQuotaOncePerCustomer() throws Exception {
        campaign("flood", 100);
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<Future<ClaimDecision>> answers = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            for (int customer = 0; customer < 1000; customer++) {
                String id = "customer-" + customer;
                answers.add(clients.submit(() -> batcher.claim("flood", id).get(10, TimeUnit.SECONDS)));
            }
        }
        Set<String> grantedCustomers = ConcurrentHashMap.newKeySet();
        Set<String> grantedClaims = ConcurrentHashMap.newKeySet();
        int grants = 0;
        for (Future<ClaimDecision> answer : answers) {
            ClaimDecision decision = answer.get();
            if (decision.isGranted()) {
                grants++;
                assertThat(grantedCustomers.add(decision.customerId()))
                        .as("granted twice")
                        .isTrue();
                grantedClaims.add(decision.claimId());
            } else {
                assertThat(decision.rejection()).isIn(ClaimRejection.SOLD_OUT, ClaimRejection.ALREADY_CLAIMED);
            }
        }
        clients.shutdown();

        assertThat(grants).isEqualTo(100);
        List<String> storedClaims = events("flood").stream()
                .filter(e -> e.getPayload() instanceof DiscountClaimsGrantedEvent)
                .flatMap(e -> ((DiscountClaimsGrantedEvent) e.getPayload()).grants().stream())
                .map(DiscountClaimsGrantedEvent.Grant::claimId)
                .toList();
        assertThat(storedClaims).hasSize(100).containsExactlyInAnyOrderElementsOf(grantedClaims);
        assertThat(meters.counter("shop.campaign.claims.short.circuited").count())
                .as("claims after sell-out answered from memory")
                .isPositive();
        assertThat(meters.summary("shop.campaign.claims.batch.size").max())
                .as("decisions per commit")
                .isGreaterThan(1);
    }

    @Test
    void eachGrantOfABatchNamesThePrincipalAndTheRequestThatClaimedIt() throws Exception {
        campaign("attributed", 100);
        ExecutorService requests = Executors.newFixedThreadPool(16);
        List<Future<ClaimDecision>> answers = new ArrayList<>();
        for (int customer = 0; customer < 200; customer++) {
            String id = "customer-" + customer;
            answers.add(requests.submit(() -> {
                try (AuditContext.Scope ignored = AuditContext.enter(
                        new AuditContext("account-of-" + id, "request-of-" + id, AuditContext.newTraceId()))) {
                    return batcher.claim("attributed", id).get(10, TimeUnit.SECONDS);
                }
            }));
        }
        for (Future<ClaimDecision> answer : answers) {
            answer.get();
        }
        requests.shutdown();

        List<DiscountClaimsGrantedEvent> batches = events("attributed").stream()
                .filter(e -> e.getPayload() instanceof DiscountClaimsGrantedEvent)
                .map(e -> (DiscountClaimsGrantedEvent) e.getPayload())
                .toList();
        assertThat(batches).as("claims decided in batches").hasSizeLessThan(100);
        List<DiscountClaimsGrantedEvent.Grant> grants =
                batches.stream().flatMap(e -> e.grants().stream()).toList();
        assertThat(grants).hasSize(100).allSatisfy(grant -> {
            assertThat(grant.principal()).isEqualTo("account-of-" + grant.customerId());
            assertThat(grant.correlationId()).isEqualTo("request-of-" + grant.customerId());
        });
    }

    @Test
    void aClaimOutsideAnyRequestIsMarkedUnattributed() throws Exception {
        campaign("no-request", 1);
        assertThat(batcher.claim("no-request", "ann").get(5, TimeUnit.SECONDS).isGranted())
                .isTrue();
        DiscountClaimsGrantedEvent.Grant grant = ((DiscountClaimsGrantedEvent)
                        events("no-request").get(1).getPayload())
                .grants()
                .get(0);
        assertThat(grant.principal()).isEqualTo("system:unattributed");
        assertThat(grant.correlationId()).isNull();
    }

    @Test
    void aReleasedClaimReopensASoldOutCampaign() throws Exception {
        campaign("reopen", 1);
        ClaimDecision first = batcher.claim("reopen", "ann").get(5, TimeUnit.SECONDS);
        assertThat(batcher.claim("reopen", "ben").get(5, TimeUnit.SECONDS).rejection())
                .isEqualTo(ClaimRejection.SOLD_OUT);
        assertThat(batcher.claim("reopen", "ben").get(5, TimeUnit.SECONDS).rejection())
                .isEqualTo(ClaimRejection.SOLD_OUT);

        gateway.sendAndWait(new ReleaseClaimCommand("reopen", first.claimId(), "payment failed"));
        batcher.reopen("reopen");

        assertThat(batcher.claim("reopen", "ben").get(5, TimeUnit.SECONDS).isGranted())
                .isTrue();
    }

    @Test
    void anUnknownCampaignFailsEveryClaimOfItsBatch() {
        CompletableFuture<ClaimDecision> claim = batcher.claim("nope", "ann");
        assertThatThrownBy(() -> claim.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CampaignNotFoundException.class);
    }

    @Test
    void aFullLaneRefusesAtOnce() throws Exception {
        campaign("tiny-lane", 10);
        ClaimBatcher small = new ClaimBatcher(gateway, meters, new ClaimSettings(1, 1, 1));
        try {
            int refused = 0;
            List<CompletableFuture<ClaimDecision>> accepted = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                try {
                    accepted.add(small.claim("tiny-lane", "c" + i));
                } catch (OverloadedException e) {
                    refused++;
                    assertThat(e.retryAfter()).isPositive();
                }
            }
            assertThat(refused).isPositive();
            long granted = 0;
            for (CompletableFuture<ClaimDecision> claim : accepted) {
                granted += claim.get(5, TimeUnit.SECONDS).isGranted() ? 1 : 0;
            }
            long stored = events("tiny-lane").stream()
                    .filter(e -> e.getPayload() instanceof DiscountClaimsGrantedEvent)
                    .mapToLong(e -> ((DiscountClaimsGrantedEvent) e.getPayload())
                            .grants()
                            .size())
                    .sum();
            assertThat(stored).isEqualTo(granted);
        } finally {
            small.destroy();
        }
    }
}
