package com.example.shop.app.cluster;

import com.example.shop.rules.DomainRuleViolation;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Why a command was refused on the node that handled it, in a form that crosses the wire: Axon carries it as the
 * details of a {@link org.axonframework.commandhandling.CommandExecutionException}, and the sending node throws
 * {@link #rebuild() the same kind of exception} the handler threw, so that callers (the web's problem mapping, the
 * claim batcher, the saga) cannot tell a remote refusal from a local one. Failures of other kinds cross as Axon's
 * generic remote exception, as a local unexpected failure they answer 500.
 *
 * @param kind                which exception the handler threw
 * @param code                a rule violation's code (the problem type)
 * @param category            a rule violation's category (the status)
 * @param message             the exception's message
 * @param details             a rule violation's details (the problem's properties)
 * @param aggregateIdentifier the aggregate that was not found
 */
public record CommandRefusal(
        Kind kind,
        String code,
        DomainRuleViolation.Category category,
        String message,
        Map<String, Object> details,
        String aggregateIdentifier) {

    public enum Kind {
        RULE_VIOLATION,
        AGGREGATE_NOT_FOUND,
        CONCURRENCY,
        STREAM_EXISTS,
        EVENT_STORE
    }

    public CommandRefusal {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** The refusal a handler's exception stands for, if it is one that callers tell apart. */
    public static Optional<CommandRefusal> of(Throwable failure) {
        if (failure instanceof DomainRuleViolation violation) {
            return Optional.of(new CommandRefusal(
                    Kind.RULE_VIOLATION,
                    violation.code(),
                    violation.category(),
                    violation.getMessage(),
                    violation.details(),
                    null));
        }
        if (failure instanceof AggregateNotFoundException notFound) {
            return Optional.of(new CommandRefusal(
                    Kind.AGGREGATE_NOT_FOUND,
                    null,
                    null,
                    notFound.getMessage(),
                    Map.of(),
                    String.valueOf(notFound.getAggregateIdentifier())));
        }
        if (failure instanceof ConcurrencyException) {
            return Optional.of(simple(Kind.CONCURRENCY, failure));
        }
        if (failure instanceof AggregateStreamCreationException) {
            return Optional.of(simple(Kind.STREAM_EXISTS, failure));
        }
        if (failure instanceof EventStoreException) {
            return Optional.of(simple(Kind.EVENT_STORE, failure));
        }
        return Optional.empty();
    }

    /** An exception of the kind the handler threw, with its code, category, message and details. */
    public RuntimeException rebuild() {
        return switch (kind) {
            case RULE_VIOLATION -> new RemoteRuleViolation(code, category, message, details);
            case AGGREGATE_NOT_FOUND -> new AggregateNotFoundException(aggregateIdentifier, message);
            case CONCURRENCY -> new ConcurrencyException(message);
            case STREAM_EXISTS -> new AggregateStreamCreationException(message);
            case EVENT_STORE -> new EventStoreException(message);
        };
    }

    private static CommandRefusal simple(Kind kind, Throwable failure) {
        return new CommandRefusal(kind, null, null, failure.getMessage(), Map.of(), null);
    }

    /** A rule violation that another node's handler answered with, rebuilt on the node that sent the command. */
    static final class RemoteRuleViolation extends DomainRuleViolation {

        private static final long serialVersionUID = 1L;

        RemoteRuleViolation(String code, Category category, String message, Map<String, Object> details) {
            super(code, category, message, details);
        }
    }
}
