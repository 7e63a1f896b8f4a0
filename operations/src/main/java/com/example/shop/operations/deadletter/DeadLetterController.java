package com.example.shop.operations.deadletter;

import com.example.shop.rules.DomainRuleViolation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Dead letters of the projections. Under {@code /admin}: once accounts land, only ADMIN may call it. */
@RestController
@RequestMapping("/admin/dead-letters")
@Tag(name = "Dead letters (admin)", description = "Events a projection failed to handle: list, retry, evict")
public class DeadLetterController {

    private static final String NAME = "[A-Za-z0-9:._@-]{1,255}";

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    @Operation(summary = "Parked events, oldest first, optionally of one processing group")
    public List<DeadLetters.Letter> list(
            @RequestParam(required = false) @Pattern(regexp = NAME) String processingGroup,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return deadLetters.list(processingGroup, limit);
    }

    @PostMapping("/{processingGroup}/retry")
    @Operation(
            summary = "Hand parked events to their projection again: one sequence, or all of the group's",
            description = "404 /problems/dead-letter-queue-not-found for a group without a dead-letter queue.")
    public DeadLetters.RetryOutcome retry(
            @PathVariable @Pattern(regexp = NAME) String processingGroup,
            @RequestParam(required = false) @Pattern(regexp = NAME) String sequenceIdentifier) {
        return deadLetters.retry(processingGroup, sequenceIdentifier);
    }

    @DeleteMapping("/{processingGroup}/{deadLetterId}")
    @Operation(summary = "Give up on one parked event; any parked behind it in its sequence wait for a retry")
    public ResponseEntity<Void> evict(
            @PathVariable @Pattern(regexp = NAME) String processingGroup,
            @PathVariable @Pattern(regexp = NAME) String deadLetterId) {
        if (!deadLetters.evict(processingGroup, deadLetterId)) {
            throw new DeadLetterNotFound(processingGroup, deadLetterId);
        }
        return ResponseEntity.noContent().build();
    }

    static final class DeadLetterNotFound extends DomainRuleViolation {
        DeadLetterNotFound(String processingGroup, String deadLetterId) {
            super(
                    "dead-letter-not-found",
                    Category.NOT_FOUND,
                    "No dead letter " + deadLetterId + " in " + processingGroup,
                    Map.of("processingGroup", processingGroup, "deadLetterId", deadLetterId));
        }
    }
}
