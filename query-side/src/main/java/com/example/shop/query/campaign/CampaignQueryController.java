package com.example.shop.query.campaign;

import com.example.shop.campaign.CampaignNotFoundException;
import com.example.shop.platform.Caller;
import com.example.shop.query.projection.ProjectionCollections;
import com.example.shop.rules.DomainRuleViolation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Campaigns")
public class CampaignQueryController {

    private static final String CAMPAIGN_ID = "[A-Za-z0-9._-]{1,64}";
    private static final String CUSTOMER_ID = "[A-Za-z0-9._@-]{1,64}";

    private final MongoTemplate mongo;
    private final ProjectionCollections collections;
    private final Clock clock;

    public CampaignQueryController(MongoTemplate mongo, ProjectionCollections collections) {
        this.mongo = mongo;
        this.collections = collections;
        this.clock = Clock.systemUTC();
    }

    public enum Status {
        SCHEDULED,
        OPEN,
        SOLD_OUT,
        ENDED
    }

    public record CampaignState(
            String campaignId,
            String name,
            int quota,
            int granted,
            int remaining,
            int discountPercent,
            Instant startsAt,
            Instant endsAt,
            Status status) {}

    @GetMapping("/campaigns/{campaignId}")
    @Operation(summary = "A campaign's live state; the remaining count may trail the grants by a moment")
    public CampaignState campaign(@PathVariable @Pattern(regexp = CAMPAIGN_ID) String campaignId) {
        CampaignView view = Optional.ofNullable(
                        mongo.findById(campaignId, CampaignView.class, collections.serving(CampaignView.class)))
                .orElseThrow(() -> new CampaignNotFoundException(campaignId));
        int remaining = Math.max(0, view.quota() - view.granted());
        Instant now = clock.instant();
        Status status = now.isBefore(view.startsAt())
                ? Status.SCHEDULED
                : !now.isBefore(view.endsAt()) ? Status.ENDED : remaining == 0 ? Status.SOLD_OUT : Status.OPEN;
        return new CampaignState(
                view.campaignId(),
                view.name(),
                view.quota(),
                view.granted(),
                remaining,
                view.discountPercent(),
                view.startsAt(),
                view.endsAt(),
                status);
    }

    @GetMapping("/campaigns/{campaignId}/claims/{customerId}")
    @Operation(summary = "A customer's claim on a campaign: granted, released or consumed")
    public CampaignClaimView claim(
            @PathVariable @Pattern(regexp = CAMPAIGN_ID) String campaignId,
            @PathVariable @Pattern(regexp = CUSTOMER_ID) String customerId,
            Caller caller) {
        return Optional.ofNullable(
                        caller.mayActFor(customerId)
                                ? mongo.findById(
                                        CampaignClaimView.idOf(campaignId, customerId),
                                        CampaignClaimView.class,
                                        collections.serving(CampaignClaimView.class))
                                : null)
                .orElseThrow(() -> new ClaimNotFoundException(campaignId, customerId));
    }

    static final class ClaimNotFoundException extends DomainRuleViolation {
        ClaimNotFoundException(String campaignId, String customerId) {
            super(
                    "claim-not-found",
                    Category.NOT_FOUND,
                    "Customer " + customerId + " holds no claim on " + campaignId,
                    Map.of("campaignId", campaignId, "customerId", customerId));
        }
    }
}
