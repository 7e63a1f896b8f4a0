package com.example.shop.feeds.restock;

import com.example.shop.feeds.broker.DeadLetterQueue;
import com.example.shop.rules.DomainRuleViolation;
import com.example.shop.rules.OverloadedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.amqp.AmqpException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The restock feed's dead letters, kept in its dead-letter queue. Under {@code /admin}: only ADMIN may call it. */
@RestController
@RequestMapping("/admin/feeds/restock/dead-letters")
@ConditionalOnProperty(prefix = "shop.feeds", name = "enabled", havingValue = "true")
@Tag(name = "Feed dead letters (admin)", description = "Restock messages the feed gave up on: list, retry, discard")
public class RestockDeadLetterController {

    private static final String ID = "[A-Za-z0-9-]{1,64}";
    private static final Duration BROKER_RETRY_AFTER = Duration.ofSeconds(5);

    private final DeadLetterQueue deadLetters;

    public RestockDeadLetterController(DeadLetterQueue restockDeadLetters) {
        this.deadLetters = restockDeadLetters;
    }

    @GetMapping
    @Operation(summary = "Dead letters, oldest first, each with the reason it was given up on")
    public List<DeadLetterQueue.Letter> list(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return atTheBroker(() -> deadLetters.list(limit));
    }

    public record Retried(String id, String publishedTo) {}

    @PostMapping("/{id}/retry")
    @Operation(
            summary = "Send one dead letter back to the feed",
            description = "The message is published to the feed's exchange as its sender published it, confirmed by"
                    + " the broker, and only then removed from the dead-letter queue. A delivery already applied is"
                    + " absorbed; a message that fails again comes back as a new dead letter."
                    + " 404 /problems/dead-letter-not-found when there is no such letter.")
    public Retried retry(@PathVariable @Pattern(regexp = ID) String id) {
        if (!atTheBroker(() -> deadLetters.retry(id))) {
            throw new FeedDeadLetterNotFound(id);
        }
        return new Retried(id, deadLetters.topology().exchange());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Discard one dead letter for good")
    public ResponseEntity<Void> discard(@PathVariable @Pattern(regexp = ID) String id) {
        if (!atTheBroker(() -> deadLetters.discard(id))) {
            throw new FeedDeadLetterNotFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    /** The dead letters live in the broker: while it is away, the answer is 503 with Retry-After. */
    private static <T> T atTheBroker(Supplier<T> work) {
        try {
            return work.get();
        } catch (AmqpException unreachable) {
            throw new OverloadedException(
                    "The message broker holding the dead letters is not reachable: " + unreachable.getMessage(),
                    BROKER_RETRY_AFTER);
        }
    }

    static final class FeedDeadLetterNotFound extends DomainRuleViolation {
        private static final long serialVersionUID = 1L;

        FeedDeadLetterNotFound(String id) {
            super(
                    "dead-letter-not-found",
                    Category.NOT_FOUND,
                    "No dead letter " + id + " in the restock feed",
                    Map.of("feed", RestockFeed.FEED, "deadLetterId", id));
        }
    }
}
