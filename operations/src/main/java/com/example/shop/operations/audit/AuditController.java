package com.example.shop.operations.audit;

import com.example.shop.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit trail, read from the event store. Under {@code /admin}: once accounts land, only ADMIN may
 * call it.
 */
@RestController
@RequestMapping("/admin/audit")
@Tag(name = "Audit (admin)", description = "Event history, point-in-time state and request chains from the event store")
public class AuditController {

    private static final String AGGREGATE_ID = "[A-Za-z0-9:._@-]{1,255}";
    private static final String CORRELATION_ID = "[A-Za-z0-9._-]{1,64}";

    private final AuditTrail trail;

    public AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    public record EventPage(String aggregateId, List<AuditTrail.AuditedEvent> events, String next) {}

    public record RequestChain(String correlationId, List<AuditTrail.AuditedEvent> events) {}

    @GetMapping("/aggregates/{aggregateId}/events")
    @Operation(
            summary = "An aggregate's events in order, with who caused each and the request it belonged to",
            description = "Pages by sequence number: pass the last sequence you saw as afterSequence. "
                    + "A campaign's claim batch (DiscountClaimsGrantedEvent) names the batcher in its metadata and "
                    + "the principal and correlation id of each claim in its grants. "
                    + "404 /problems/aggregate-not-found when the aggregate has no events.")
    public EventPage history(
            @PathVariable @Pattern(regexp = AGGREGATE_ID) String aggregateId,
            @RequestParam(defaultValue = "-1") @Min(-1) long afterSequence,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        List<AuditTrail.AuditedEvent> events = trail.history(aggregateId, afterSequence, limit);
        String next = events.size() < limit
                ? null
                : "/admin/audit/aggregates/" + aggregateId + "/events?afterSequence="
                        + events.get(events.size() - 1).sequence() + "&limit=" + limit;
        return new EventPage(aggregateId, events, next);
    }

    @GetMapping("/aggregates/{aggregateId}/state")
    @Operation(
            summary = "An aggregate's state as of a sequence number or a moment, rebuilt from its events",
            description = "Give exactly one of sequence and at. The state is the aggregate's fields. 404 when the "
                    + "aggregate has no events, or none at or before the point asked for.")
    public AuditTrail.AggregateState stateAsOf(
            @PathVariable @Pattern(regexp = AGGREGATE_ID) String aggregateId,
            @RequestParam(required = false) @Min(0) Long sequence,
            @RequestParam(required = false) Instant at) {
        if ((sequence == null) == (at == null)) {
            throw badRequest("Give exactly one of 'sequence' and 'at'");
        }
        AuditTrail.AggregateState state = sequence != null
                ? trail.stateAsOf(aggregateId, event -> event.getSequenceNumber() <= sequence)
                : trail.stateAsOf(aggregateId, event -> !event.getTimestamp().isAfter(at));
        if (state == null) {
            throw new AuditTrail.AggregateNotFound(aggregateId + " at that point");
        }
        return state;
    }

    @GetMapping("/correlations/{correlationId}/events")
    @Operation(
            summary = "Every event one request caused, across aggregates, in the order they were stored",
            description = "The correlation id is the X-Correlation-Id header of the request's answer. A claim's "
                    + "request finds the batch that granted it, showing that request's grants only; grantsInEvent "
                    + "then says how many grants the whole event holds.")
    public RequestChain causedBy(
            @PathVariable @Pattern(regexp = CORRELATION_ID) String correlationId,
            @RequestParam(defaultValue = "500") @Min(1) @Max(1000) int limit) {
        return new RequestChain(correlationId, trail.causedBy(correlationId, limit));
    }

    private static ErrorResponseException badRequest(String detail) {
        return new ErrorResponseException(
                HttpStatus.BAD_REQUEST,
                Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail),
                null);
    }
}
