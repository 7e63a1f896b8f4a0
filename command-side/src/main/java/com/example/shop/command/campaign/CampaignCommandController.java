package com.example.shop.command.campaign;

import com.example.shop.campaign.ClaimDecision;
import com.example.shop.campaign.ClaimRejectedException;
import com.example.shop.campaign.CreateCampaignCommand;
import com.example.shop.command.web.CommandDispatcher;
import com.example.shop.platform.Caller;
import com.example.shop.platform.ThreadLocalSecureRandom;
import com.example.shop.rules.DomainRuleViolation;
import com.example.shop.rules.OverloadedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Campaigns", description = "First-come discount campaigns")
public class CampaignCommandController {

    static final String CAMPAIGN_ID = "[A-Za-z0-9._-]{1,64}";
    static final String CUSTOMER_ID = "[A-Za-z0-9._@-]{1,64}";
    private static final long DECISION_TIMEOUT_SECONDS = 30;

    private final CommandDispatcher commands;
    private final ClaimBatcher claims;

    public CampaignCommandController(CommandDispatcher commands, ClaimBatcher claims) {
        this.commands = commands;
        this.claims = claims;
    }

    public record CreateCampaignRequest(
            @Pattern(regexp = CAMPAIGN_ID) String campaignId,
            @NotBlank @Size(max = 200) String name,

            @NotNull @Min(1) @Max(DiscountCampaign.MAX_QUOTA)
            Integer quota,

            @NotNull @Min(1) @Max(100) Integer discountPercent,
            @NotNull Instant startsAt,
            @NotNull Instant endsAt) {}

    public record CampaignCreated(String campaignId) {}

    /** customerId: the customer to claim for; a customer may leave it out (it is their own), staff must name one. */
    public record ClaimBody(@Pattern(regexp = CUSTOMER_ID) String customerId) {}

    public record ClaimGranted(String campaignId, String claimId, String customerId, int discountPercent) {}

    @PostMapping("/admin/campaigns")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create a first-come discount campaign (admin)",
            description = "422 with type /problems/invalid-window when startsAt is not before endsAt, "
                    + "/problems/campaign-window-ended when the window has already ended; "
                    + "409 /problems/campaign-already-exists for a campaignId in use.")
    public ResponseEntity<CampaignCreated> create(@Valid @RequestBody CreateCampaignRequest request) {
        String campaignId =
                request.campaignId() == null ? ThreadLocalSecureRandom.uuid().toString() : request.campaignId();
        try {
            commands.sendAndWait(new CreateCampaignCommand(
                    campaignId,
                    request.name(),
                    request.quota(),
                    request.discountPercent(),
                    request.startsAt(),
                    request.endsAt()));
        } catch (EventStoreException alreadyStored) {
            throw new CampaignExistsException(campaignId);
        }
        return ResponseEntity.created(URI.create("/campaigns/" + campaignId)).body(new CampaignCreated(campaignId));
    }

    @PostMapping("/campaigns/{campaignId}/claims")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Claim the campaign's discount for a customer; granted to the first `quota` customers",
            description = "409 with type /problems/campaign-sold-out, /problems/discount-already-claimed, "
                    + "/problems/campaign-not-started or /problems/campaign-ended when refused; "
                    + "503 with Retry-After when the service is saturated.")
    public ResponseEntity<ClaimGranted> claim(
            @PathVariable @Pattern(regexp = CAMPAIGN_ID) String campaignId,
            @Valid @RequestBody ClaimBody body,
            Caller caller) {
        String customerId = caller.customerFor(body.customerId());
        ClaimDecision decision = await(claims.claim(campaignId, customerId));
        if (!decision.isGranted()) {
            throw new ClaimRejectedException(campaignId, customerId, decision.rejection());
        }
        return ResponseEntity.created(URI.create("/campaigns/" + campaignId + "/claims/" + customerId))
                .body(new ClaimGranted(campaignId, decision.claimId(), customerId, decision.discountPercent()));
    }

    private static ClaimDecision await(java.util.concurrent.CompletableFuture<ClaimDecision> decision) {
        try {
            return decision.get(DECISION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new OverloadedException(
                    "The claim was not decided in time; read your claim before retrying", Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OverloadedException("Interrupted while waiting for the decision", Duration.ofSeconds(1));
        }
    }

    static final class CampaignExistsException extends DomainRuleViolation {
        CampaignExistsException(String campaignId) {
            super(
                    "campaign-already-exists",
                    Category.CONFLICT,
                    "A campaign " + campaignId + " already exists",
                    Map.of("campaignId", campaignId));
        }
    }
}
