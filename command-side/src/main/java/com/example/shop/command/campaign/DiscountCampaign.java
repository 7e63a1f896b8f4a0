package com.example.shop.command.campaign;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

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
import com.example.shop.rules.InvalidCommandException;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A first-come discount campaign. At most {@code quota} claims are held at any time, at most one per
 * customer, and only inside the campaign's window. Claims are decided in batches: every decision in a
 * batch sees the ones before it, and the batch's grants commit as one event in one transaction.
 */
@Aggregate(cache = "campaignCache", snapshotTriggerDefinition = "campaignSnapshotTrigger")
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class DiscountCampaign {

    public static final int MAX_QUOTA = 10_000_000;

    @AggregateIdentifier
    private String campaignId;

    private int quota;
    private int discountPercent;
    private Instant startsAt;
    private Instant endsAt;
    private int granted;
    private Map<String, String> claimIdByCustomer = new HashMap<>();
    private Map<String, Claim> claimsById = new HashMap<>();

    record Claim(String customerId, String orderId) {
        boolean consumed() {
            return orderId != null;
        }
    }

    protected DiscountCampaign() {
        // for event sourcing and snapshots
    }

    @CommandHandler
    public DiscountCampaign(CreateCampaignCommand command) {
        require(
                command.campaignId() != null && command.campaignId().matches("[A-Za-z0-9._-]{1,64}"),
                "invalid-campaign-id",
                "campaignId must be 1 to 64 letters, digits, '.', '_' or '-'");
        require(
                command.name() != null
                        && !command.name().isBlank()
                        && command.name().length() <= 200,
                "invalid-name",
                "name must be 1 to 200 characters");
        require(
                command.quota() >= 1 && command.quota() <= MAX_QUOTA,
                "invalid-quota",
                "quota must be between 1 and " + MAX_QUOTA);
        require(
                command.discountPercent() >= 1 && command.discountPercent() <= 100,
                "invalid-discount",
                "discountPercent must be between 1 and 100");
        require(
                command.startsAt() != null
                        && command.endsAt() != null
                        && command.startsAt().isBefore(command.endsAt()),
                "invalid-window",
                "startsAt must be before endsAt");
        // a campaign that has already ended could never grant a claim: almost always a mistyped date
        Instant now = GenericEventMessage.clock.instant();
        if (!now.isBefore(command.endsAt())) {
            throw new InvalidCommandException(
                    "campaign-window-ended",
                    "The campaign's window ended at " + command.endsAt() + " (now is " + now
                            + "): it could never grant a claim",
                    Map.of("field", "endsAt", "endsAt", command.endsAt().toString(), "now", now.toString()));
        }
        apply(new CampaignCreatedEvent(
                command.campaignId(),
                command.name().strip(),
                command.quota(),
                command.discountPercent(),
                command.startsAt(),
                command.endsAt()));
    }

    private static void require(boolean condition, String code, String message) {
        if (!condition) {
            throw new InvalidCommandException(code, message, Map.of());
        }
    }

    /**
     * Decides every claim of the batch in order, each seeing the grants before it, and records the grants
     * as one event.
     */
    @CommandHandler
    public List<ClaimDecision> handle(ClaimDiscountsCommand command) {
        Instant now = GenericEventMessage.clock.instant();
        List<ClaimDecision> decisions = new ArrayList<>(command.requests().size());
        List<DiscountClaimsGrantedEvent.Grant> grants = new ArrayList<>();
        Set<String> grantedNow = new HashSet<>();
        for (ClaimRequest request : command.requests()) {
            ClaimRejection rejection = rejectionFor(request.customerId(), now, grants.size(), grantedNow);
            int remaining = quota - granted - grants.size();
            if (rejection != null) {
                decisions.add(ClaimDecision.rejected(request.customerId(), rejection, remaining));
                continue;
            }
            grants.add(new DiscountClaimsGrantedEvent.Grant(
                    request.claimId(), request.customerId(), request.principal(), request.correlationId()));
            grantedNow.add(request.customerId());
            decisions.add(
                    ClaimDecision.granted(request.customerId(), request.claimId(), remaining - 1, discountPercent));
        }
        if (!grants.isEmpty()) {
            apply(new DiscountClaimsGrantedEvent(campaignId, discountPercent, now, grants, granted + grants.size()));
        }
        return decisions;
    }

    private ClaimRejection rejectionFor(String customerId, Instant now, int grantedInBatch, Set<String> grantedNow) {
        if (now.isBefore(startsAt)) {
            return ClaimRejection.NOT_STARTED;
        }
        if (!now.isBefore(endsAt)) {
            return ClaimRejection.ENDED;
        }
        if (claimIdByCustomer.containsKey(customerId) || grantedNow.contains(customerId)) {
            return ClaimRejection.ALREADY_CLAIMED;
        }
        if (granted + grantedInBatch >= quota) {
            return ClaimRejection.SOLD_OUT;
        }
        return null;
    }

    /**
     * An order gives back only the claim it consumed, and only once: the saga releases whatever an ended order
     * may hold, so a claim the order never consumed (or already gave back) is left as it is.
     */
    @CommandHandler
    public void handle(ReleaseClaimCommand command) {
        String claimId = command.claimId();
        String orderId = command.orderId();
        Claim held = claimsById.get(claimId);
        if (orderId != null && (held == null || !orderId.equals(held.orderId()))) {
            return;
        }
        Claim claim = existing(claimId);
        if (claim.consumed() && !claim.orderId().equals(orderId)) {
            throw new ClaimStateException(
                    "claim-consumed",
                    campaignId,
                    claimId,
                    "Claim " + claimId + " was used by order " + claim.orderId() + " and cannot be released");
        }
        apply(new DiscountClaimReleasedEvent(
                campaignId, claimId, claim.customerId(), command.reason(), granted - 1, claim.orderId()));
    }

    /**
     * The discount an order of this customer may take with the claim, checked when the order is placed;
     * the claim is consumed later, by the fulfilment saga.
     */
    @CommandHandler
    public ClaimQuote handle(QuoteClaimCommand command) {
        Claim claim = claimsById.get(command.claimId());
        String claimId = command.claimId();
        if (claim == null || !claim.customerId().equals(command.customerId())) {
            throw unknownClaim(campaignId, claimId);
        }
        if (claim.consumed()) {
            throw new ClaimStateException(
                    "claim-consumed",
                    campaignId,
                    claimId,
                    "Claim " + claimId + " was already used by order " + claim.orderId());
        }
        return new ClaimQuote(discountPercent);
    }

    @CommandHandler
    public void handle(ConsumeClaimCommand command) {
        String claimId = command.claimId();
        String orderId = command.orderId();
        Claim claim = existing(claimId);
        if (claim.consumed()) {
            if (claim.orderId().equals(orderId)) {
                return;
            }
            throw new ClaimStateException(
                    "claim-consumed",
                    campaignId,
                    claimId,
                    "Claim " + claimId + " was already used by order " + claim.orderId());
        }
        apply(new DiscountClaimConsumedEvent(campaignId, claimId, claim.customerId(), orderId));
    }

    static InvalidCommandException unknownClaim(String campaignId, String claimId) {
        return new InvalidCommandException(
                "unknown-claim",
                "Campaign " + campaignId + " holds no claim " + claimId + " of this customer",
                Map.of(
                        "field",
                        "discountClaim",
                        "campaignId",
                        String.valueOf(campaignId),
                        "claimId",
                        String.valueOf(claimId)));
    }

    private Claim existing(String claimId) {
        Claim claim = claimsById.get(claimId);
        if (claim == null) {
            throw new ClaimStateException(
                    "unknown-claim",
                    campaignId,
                    String.valueOf(claimId),
                    "Campaign " + campaignId + " holds no claim " + claimId);
        }
        return claim;
    }

    @EventSourcingHandler
    void on(CampaignCreatedEvent event) {
        campaignId = event.campaignId();
        quota = event.quota();
        discountPercent = event.discountPercent();
        startsAt = event.startsAt();
        endsAt = event.endsAt();
    }

    @EventSourcingHandler
    void on(DiscountClaimsGrantedEvent event) {
        granted = event.granted();
        for (DiscountClaimsGrantedEvent.Grant grant : event.grants()) {
            claimIdByCustomer.put(grant.customerId(), grant.claimId());
            claimsById.put(grant.claimId(), new Claim(grant.customerId(), null));
        }
    }

    @EventSourcingHandler
    void on(DiscountClaimReleasedEvent event) {
        granted = event.granted();
        claimIdByCustomer.remove(event.customerId());
        claimsById.remove(event.claimId());
    }

    @EventSourcingHandler
    void on(DiscountClaimConsumedEvent event) {
        claimsById.put(event.claimId(), new Claim(event.customerId(), event.orderId()));
    }
}
