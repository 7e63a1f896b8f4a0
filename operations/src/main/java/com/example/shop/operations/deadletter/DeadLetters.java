package com.example.shop.operations.deadletter;

import com.example.shop.rules.DomainRuleViolation;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The events projections failed to handle, parked per sequence by Axon's dead-letter queue: list them,
 * retry them through their projection, or evict them. Retrying a sequence handles its letters in order;
 * one that fails again stays, with its new cause.
 */
@Component
public class DeadLetters {

    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;

    public DeadLetters(EventProcessingConfiguration processing, JdbcClient jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    public record Letter(
            String deadLetterId,
            String processingGroup,
            String sequenceIdentifier,
            long sequenceIndex,
            String eventType,
            String aggregateId,
            Long aggregateSequence,
            String causeType,
            String causeMessage,
            String enqueuedAt,
            String lastTouched) {}

    public record RetryOutcome(String processingGroup, int sequencesHandled, long lettersLeft) {}

    public List<Letter> list(String processingGroup, int limit) {
        return jdbc.sql("""
                        select dead_letter_id, processing_group, sequence_identifier, sequence_index, payload_type,
                               aggregate_identifier, sequence_number, cause_type, cause_message, enqueued_at, last_touched
                        from dead_letter_entry
                        where (cast(:group as varchar) is null or processing_group = :group)
                        order by processing_group, enqueued_at, sequence_identifier, sequence_index
                        limit :limit""")
                .param("group", processingGroup)
                .param("limit", limit)
                .query((row, i) -> new Letter(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getLong(4),
                        row.getString(5),
                        row.getString(6),
                        (Long) row.getObject(7),
                        row.getString(8),
                        row.getString(9),
                        row.getString(10),
                        row.getString(11)))
                .list();
    }

    /** Retries one sequence, or every sequence when {@code sequenceIdentifier} is null. */
    public RetryOutcome retry(String processingGroup, String sequenceIdentifier) {
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing
                .sequencedDeadLetterProcessor(processingGroup)
                .orElseThrow(() -> new NoDeadLetterQueue(processingGroup));
        int handled = 0;
        if (sequenceIdentifier != null) {
            handled = processor.process(letter -> sequenceOf(letter).equals(sequenceIdentifier)) ? 1 : 0;
        } else {
            long sequences = queue(processingGroup).amountOfSequences();
            for (long attempt = 0; attempt < sequences && processor.processAny(); attempt++) {
                handled++;
            }
        }
        return new RetryOutcome(processingGroup, handled, queue(processingGroup).size());
    }

    /** Gives up on one letter: its event is not handled by that projection. Answers whether it was there. */
    public boolean evict(String processingGroup, String deadLetterId) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processingGroup);
        List<String> sequence = jdbc.sql("""
                        select sequence_identifier from dead_letter_entry
                        where processing_group = :group and dead_letter_id = :id""")
                .param("group", processingGroup)
                .param("id", deadLetterId)
                .query(String.class)
                .list();
        if (sequence.isEmpty()) {
            return false;
        }
        for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(sequence.get(0))) {
            if (letter instanceof JdbcDeadLetter<?> stored
                    && stored.getIdentifier().equals(deadLetterId)) {
                queue.evict(letter);
                return true;
            }
        }
        return false;
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String processingGroup) {
        return processing.deadLetterQueue(processingGroup).orElseThrow(() -> new NoDeadLetterQueue(processingGroup));
    }

    private static String sequenceOf(DeadLetter<? extends EventMessage<?>> letter) {
        return letter instanceof JdbcDeadLetter<?> stored ? stored.getSequenceIdentifier() : "";
    }

    static final class NoDeadLetterQueue extends DomainRuleViolation {
        NoDeadLetterQueue(String processingGroup) {
            super(
                    "dead-letter-queue-not-found",
                    Category.NOT_FOUND,
                    "Processing group " + processingGroup + " has no dead-letter queue",
                    Map.of("processingGroup", processingGroup));
        }
    }
}
