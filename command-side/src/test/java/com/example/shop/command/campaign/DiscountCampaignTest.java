package com.example.shop.command.campaign;

import static com.example.shop.command.tuning.RuleViolations.invalidCommand;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.campaign.CampaignCreatedEvent;
import com.example.shop.campaign.ClaimDecision;
import com.example.shop.campaign.ClaimDiscountsCommand;
import com.example.shop.campaign.ClaimQuote;
import com.example.shop.campaign.ClaimRejection;
import com.example.shop.campaign.ClaimRequest;
import com.example.shop.campaign.ClaimStateException;
import com.example.shop.campaign.ConsumeClaimCommand;
import com.example.shop.campaign.CreateCampaignCommand;
import com.example.shop.campaign.DiscountClaimConsumedEvent;
import com.example.shop.campaign.DiscountClaimReleasedEvent;
import com.example.shop.campaign.DiscountClaimsGrantedEvent;
import com.example.shop.campaign.QuoteClaimCommand;
import com.example.shop.campaign.ReleaseClaimCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiscountCampaignTest {

    private static final String CAMPAIGN = "black-friday";

    private AggregateTestFixture<DiscountCampaign> fixture;
    private Instant now;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DiscountCampaign.class);
        now = fixture.currentTime();
    }

    private CampaignCreatedEvent created(int quota) {
        return new CampaignCreatedEvent(
                CAMPAIGN, "Black Friday", quota, 50, now.minusSeconds(60), now.plusSeconds(3600));
    }

    private DiscountClaimsGrantedEvent granted(String customer, String claimId, int grantedAfter) {
        return new DiscountClaimsGrantedEvent(CAMPAIGN, 50, now, List.of(grant(claimId, customer)), grantedAfter);
    }

    /** As {@link #claims} asks for it: each customer in a request of their own. */
    private static DiscountClaimsGrantedEvent.Grant grant(String claimId, String customer) {
        return new DiscountClaimsGrantedEvent.Grant(claimId, customer, customer, "request-of-" + customer);
    }

    private static ClaimDiscountsCommand claims(String... customers) {
        return new ClaimDiscountsCommand(
                CAMPAIGN,
                java.util.Arrays.stream(customers)
                        .map(customer ->
                                new ClaimRequest(customer, "claim-" + customer, customer, "request-of-" + customer))
                        .toList());
    }

    @SuppressWarnings("unchecked")
    private static List<ClaimDecision> decisions(Object result) {
        return (List<ClaimDecision>) result;
    }

    @Test
    void createsACampaign() {
        fixture.givenNoPriorActivity()
                .when(new CreateCampaignCommand(CAMPAIGN, "Black Friday", 10_000, 50, now, now.plusSeconds(60)))
                .expectEvents(new CampaignCreatedEvent(CAMPAIGN, "Black Friday", 10_000, 50, now, now.plusSeconds(60)));
    }

    @Test
    void refusesAQuotaOfZero() {
        fixture.givenNoPriorActivity()
                .when(new CreateCampaignCommand(CAMPAIGN, "x", 0, 50, now, now.plusSeconds(60)))
                .expectException(invalidCommand("invalid-quota"))
                .expectNoEvents();
    }

    @Test
    void refusesADiscountAboveOneHundredPercent() {
        fixture.givenNoPriorActivity()
                .when(new CreateCampaignCommand(CAMPAIGN, "x", 10, 101, now, now.plusSeconds(60)))
                .expectException(invalidCommand("invalid-discount"))
                .expectNoEvents();
    }

    @Test
    void refusesAWindowThatEndsBeforeItStarts() {
        fixture.givenNoPriorActivity()
                .when(new CreateCampaignCommand(CAMPAIGN, "x", 10, 50, now, now.minusSeconds(1)))
                .expectException(invalidCommand("invalid-window"))
                .expectNoEvents();
    }

    @Test
    void refusesAWindowThatHasAlreadyEnded() {
        fixture.givenNoPriorActivity()
                .when(new CreateCampaignCommand(
                        CAMPAIGN, "Last year", 10, 50, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))))
                .expectException(invalidCommand("campaign-window-ended"))
                .expectNoEvents();
    }

    @Test
    void refusesAWindowThatEndsNow() {
        fixture.givenNoPriorActivity()
                .when(new CreateCampaignCommand(CAMPAIGN, "Too late", 10, 50, now.minusSeconds(60), now))
                .expectException(invalidCommand("campaign-window-ended"))
                .expectNoEvents();
    }

    @Test
    void grantsClaimsInOrderUntilTheQuotaIsGone_recordingTheBatchAsOneEvent() {
        fixture.given(created(2))
                .when(claims("ann", "ben", "cat"))
                .expectEvents(new DiscountClaimsGrantedEvent(
                        CAMPAIGN, 50, now, List.of(grant("claim-ann", "ann"), grant("claim-ben", "ben")), 2))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(result -> {
                    List<ClaimDecision> decisions = decisions(result);
                    return decisions.get(0).isGranted()
                            && decisions.get(0).remaining() == 1
                            && decisions.get(1).isGranted()
                            && decisions.get(1).remaining() == 0
                            && decisions.get(2).rejection() == ClaimRejection.SOLD_OUT;
                }));
    }

    @Test
    void grantsAtMostOneClaimPerCustomerEvenWithinOneBatch() {
        fixture.given(created(10))
                .when(claims("ann", "ann"))
                .expectEvents(granted("ann", "claim-ann", 1))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(
                        result -> decisions(result).get(1).rejection() == ClaimRejection.ALREADY_CLAIMED));
    }

    @Test
    void refusesACustomerWhoAlreadyHoldsAClaim() {
        fixture.given(created(10), granted("ann", "c1", 1))
                .when(claims("ann"))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(
                        result -> decisions(result).get(0).rejection() == ClaimRejection.ALREADY_CLAIMED));
    }

    @Test
    void refusesClaimsBeforeTheStart() {
        fixture.given(new CampaignCreatedEvent(CAMPAIGN, "Later", 10, 50, now.plusSeconds(60), now.plusSeconds(120)))
                .when(claims("ann"))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(
                        result -> decisions(result).get(0).rejection() == ClaimRejection.NOT_STARTED));
    }

    @Test
    void refusesClaimsAfterTheEnd() {
        fixture.given(new CampaignCreatedEvent(
                        CAMPAIGN, "Over", 10, 50, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))))
                .when(claims("ann"))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(
                        result -> decisions(result).get(0).rejection() == ClaimRejection.ENDED));
    }

    @Test
    void aReleasedClaimGoesBackToTheQuota() {
        fixture.given(created(1), granted("ann", "c1", 1))
                .when(new ReleaseClaimCommand(CAMPAIGN, "c1", "payment declined"))
                .expectEvents(new DiscountClaimReleasedEvent(CAMPAIGN, "c1", "ann", "payment declined", 0));
    }

    @Test
    void afterARelease_theSlotAndTheCustomerMayClaimAgain() {
        fixture.given(
                        created(1),
                        granted("ann", "c1", 1),
                        new DiscountClaimReleasedEvent(CAMPAIGN, "c1", "ann", "payment declined", 0))
                .when(claims("ann"))
                .expectEvents(granted("ann", "claim-ann", 1));
    }

    @Test
    void refusesToReleaseAConsumedClaim() {
        fixture.given(
                        created(1),
                        granted("ann", "c1", 1),
                        new DiscountClaimConsumedEvent(CAMPAIGN, "c1", "ann", "order-1"))
                .when(new ReleaseClaimCommand(CAMPAIGN, "c1", "too late"))
                .expectException(ClaimStateException.class)
                .expectNoEvents();
    }

    @Test
    void theOrderThatConsumedAClaimGivesItBackWhenItFails() {
        fixture.given(
                        created(1),
                        granted("ann", "c1", 1),
                        new DiscountClaimConsumedEvent(CAMPAIGN, "c1", "ann", "order-1"))
                .when(new ReleaseClaimCommand(CAMPAIGN, "c1", "payment declined", "order-1"))
                .expectEvents(new DiscountClaimReleasedEvent(CAMPAIGN, "c1", "ann", "payment declined", 0, "order-1"));
    }

    @Test
    void anOrderGivesBackOnlyTheClaimItConsumedAndOnlyOnce() {
        DiscountClaimConsumedEvent consumed = new DiscountClaimConsumedEvent(CAMPAIGN, "c1", "ann", "order-1");
        fixture.given(created(1), granted("ann", "c1", 1), consumed)
                .when(new ReleaseClaimCommand(CAMPAIGN, "c1", "payment declined", "order-2"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(created(1), granted("ann", "c1", 1))
                .when(new ReleaseClaimCommand(CAMPAIGN, "c1", "out of stock", "order-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(
                        created(1),
                        granted("ann", "c1", 1),
                        consumed,
                        new DiscountClaimReleasedEvent(CAMPAIGN, "c1", "ann", "payment declined", 0, "order-1"))
                .when(new ReleaseClaimCommand(CAMPAIGN, "c1", "payment declined", "order-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void quotesTheDiscountOfItsCustomersUnusedClaimOnly() {
        fixture.given(created(1), granted("ann", "c1", 1))
                .when(new QuoteClaimCommand(CAMPAIGN, "c1", "ann"))
                .expectResultMessagePayload(new ClaimQuote(50))
                .expectNoEvents();
        fixture.given(created(1), granted("ann", "c1", 1))
                .when(new QuoteClaimCommand(CAMPAIGN, "c1", "bob"))
                .expectException(invalidCommand("unknown-claim"))
                .expectExceptionMessage("Campaign " + CAMPAIGN + " holds no claim c1 of this customer");
        fixture.given(created(1), granted("ann", "c1", 1))
                .when(new QuoteClaimCommand(CAMPAIGN, "nope", "ann"))
                .expectException(invalidCommand("unknown-claim"));
        fixture.given(
                        created(1),
                        granted("ann", "c1", 1),
                        new DiscountClaimConsumedEvent(CAMPAIGN, "c1", "ann", "order-1"))
                .when(new QuoteClaimCommand(CAMPAIGN, "c1", "ann"))
                .expectException(ClaimStateException.class)
                .expectExceptionMessage("Claim c1 was already used by order order-1");
    }

    @Test
    void refusesToReleaseAnUnknownClaim() {
        fixture.given(created(1))
                .when(new ReleaseClaimCommand(CAMPAIGN, "nope", "x"))
                .expectException(ClaimStateException.class)
                .expectNoEvents();
    }

    @Test
    void consumesAClaimForAnOrder() {
        fixture.given(created(1), granted("ann", "c1", 1))
                .when(new ConsumeClaimCommand(CAMPAIGN, "c1", "order-1"))
                .expectEvents(new DiscountClaimConsumedEvent(CAMPAIGN, "c1", "ann", "order-1"));
    }

    @Test
    void consumingTwiceForTheSameOrderChangesNothing() {
        fixture.given(
                        created(1),
                        granted("ann", "c1", 1),
                        new DiscountClaimConsumedEvent(CAMPAIGN, "c1", "ann", "order-1"))
                .when(new ConsumeClaimCommand(CAMPAIGN, "c1", "order-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesToConsumeAClaimForASecondOrder() {
        fixture.given(
                        created(1),
                        granted("ann", "c1", 1),
                        new DiscountClaimConsumedEvent(CAMPAIGN, "c1", "ann", "order-1"))
                .when(new ConsumeClaimCommand(CAMPAIGN, "c1", "order-2"))
                .expectException(ClaimStateException.class)
                .expectNoEvents();
    }

    @Test
    void aConsumedClaimStillCountsAgainstTheQuota() {
        fixture.given(
                        created(1),
                        granted("ann", "c1", 1),
                        new DiscountClaimConsumedEvent(CAMPAIGN, "c1", "ann", "order-1"))
                .when(claims("ben"))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(
                        result -> decisions(result).get(0).rejection() == ClaimRejection.SOLD_OUT));
        assertThat(ClaimRejection.SOLD_OUT.code()).isEqualTo("campaign-sold-out");
    }
}
