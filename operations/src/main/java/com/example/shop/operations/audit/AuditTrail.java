package com.example.shop.operations.audit;

import com.example.shop.campaign.DiscountClaimsGrantedEvent;
import com.example.shop.platform.AuditContext;
import com.example.shop.privacy.keys.CustomerDataKeys;
import com.example.shop.rules.DomainRuleViolation;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.axonframework.config.AggregateConfiguration;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the event store for the audit: an aggregate's history, its state as of a point in its history,
 * and every event one request caused. Always from the events themselves (upcast like any other read),
 * never from a read model.
 */
@Component
public class AuditTrail {

    private final EventStore eventStore;
    private final JdbcClient jdbc;
    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final Map<String, Class<?>> aggregateTypes;
    private final Map<Class<?>, AggregateModel<?>> aggregateModels = new ConcurrentHashMap<>();
    private final org.axonframework.config.Configuration axon;
    private final ObjectMapper stateMapper;
    private final CustomerDataKeys personalData;

    public AuditTrail(
            EventStore eventStore,
            JdbcClient jdbc,
            org.axonframework.config.Configuration axon,
            ObjectMapper objectMapper,
            CustomerDataKeys personalData) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.axon = axon;
        this.serializer = axon.eventSerializer();
        this.upcasters = axon.upcasterChain();
        this.personalData = personalData;
        this.aggregateTypes = axon.findModules(AggregateConfiguration.class).stream()
                .<Class<?>>map(AggregateConfiguration::aggregateType)
                .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, type -> type));
        // an aggregate's state is its fields: its methods are behaviour, and most aggregates have no getters
        this.stateMapper = objectMapper
                .copy()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /**
     * @param grantsInEvent set only when the payload holds just this request's part of an event that served
     *                      many (a claim batch): how many grants the whole event holds
     */
    public record AuditedEvent(
            long globalIndex,
            String aggregateId,
            String aggregateType,
            long sequence,
            String eventId,
            String type,
            Instant timestamp,
            Object payload,
            Map<String, Object> metadata,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer grantsInEvent) {}

    /** {@code state}: the aggregate's fields as they were after event {@code sequence}. */
    public record AggregateState(
            String aggregateId, String aggregateType, long sequence, Instant timestamp, JsonNode state) {}

    /** Up to {@code limit} events of one aggregate after sequence {@code afterSequence}. */
    public List<AuditedEvent> history(String aggregateId, long afterSequence, int limit) {
        requireExists(aggregateId);
        return audited(jdbc.sql("""
                        select global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                               payload_type, payload_revision, payload, meta_data
                        from domain_event_entry
                        where aggregate_identifier = :id and sequence_number > :after
                        order by sequence_number limit :limit""")
                .param("id", aggregateId)
                .param("after", afterSequence)
                .param("limit", limit));
    }

    /** The aggregate rebuilt from its events up to and including {@code until}, or null if none qualifies. */
    public AggregateState stateAsOf(String aggregateId, Predicate<DomainEventMessage<?>> until) {
        requireExists(aggregateId);
        List<? extends DomainEventMessage<?>> events = eventStore
                .readEvents(aggregateId, 0)
                .asStream()
                .takeWhile(until)
                .toList();
        if (events.isEmpty()) {
            return null;
        }
        DomainEventMessage<?> last = events.get(events.size() - 1);
        Object aggregate = rebuild(aggregateTypes.get(last.getType()), aggregateId, events);
        return new AggregateState(
                aggregateId,
                last.getType(),
                last.getSequenceNumber(),
                last.getTimestamp(),
                personalData.withErasuresMarked(stateMapper.valueToTree(aggregate)));
    }

    /**
     * Every event the request {@code correlationId} caused, in the order they were stored: those whose
     * metadata carries it, and the claim batches holding a grant claimed in it (V9 indexes the grants'
     * correlation ids). Of a batch, only the request's own grants are shown.
     */
    public List<AuditedEvent> causedBy(String correlationId, int limit) {
        // the payload type is spelt out, not bound, so that the planner may use the partial index of V9
        return audited(
                jdbc.sql("""
                        select global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                               payload_type, payload_revision, payload, meta_data
                        from domain_event_entry
                        where shop_event_correlation_id(meta_data) = :correlationId
                           or (payload_type = 'com.example.shop.campaign.DiscountClaimsGrantedEvent'
                               and shop_grant_correlation_ids(payload) @> array[cast(:correlationId as text)])
                        order by global_index limit :limit""").param("correlationId", correlationId).param("limit", limit),
                event -> partOf(event, correlationId));
    }

    /**
     * What of {@code event} the request caused: a claim batch that holds grants of many requests, found by
     * one of its grants, shows that request's grants only; any other event is the request's whole.
     */
    private static Selection partOf(DomainEventMessage<?> event, String correlationId) {
        if (event.getPayload() instanceof DiscountClaimsGrantedEvent batch
                && !correlationId.equals(event.getMetaData().get(AuditContext.CORRELATION_ID))) {
            List<DiscountClaimsGrantedEvent.Grant> own = batch.grants().stream()
                    .filter(grant -> correlationId.equals(grant.correlationId()))
                    .toList();
            return new Selection(
                    new DiscountClaimsGrantedEvent(
                            batch.campaignId(), batch.discountPercent(), batch.grantedAt(), own, batch.granted()),
                    batch.grants().size());
        }
        return Selection.whole(event);
    }

    /** The payload to show of an event, and how many grants it holds in all when that is not all of them. */
    private record Selection(Object payload, Integer grantsInEvent) {
        static Selection whole(DomainEventMessage<?> event) {
            return new Selection(event.getPayload(), null);
        }
    }

    private void requireExists(String aggregateId) {
        boolean exists = jdbc.sql("select exists (select 1 from domain_event_entry where aggregate_identifier = :id)")
                .param("id", aggregateId)
                .query(Boolean.class)
                .single();
        if (!exists) {
            throw new AggregateNotFound(aggregateId);
        }
    }

    /**
     * A fresh instance of the aggregate with its own event-sourcing handlers applied: no repository, cache
     * or snapshot. Its model is inspected as the application's is, with the same parameter resolvers, so
     * command handlers that take injected components (a product's takes the inventory) do not stop it.
     */
    private <T> T rebuild(Class<T> type, String aggregateId, List<? extends DomainEventMessage<?>> events) {
        if (type == null) {
            throw new IllegalStateException("No aggregate type " + events.get(0).getType() + " is configured");
        }
        @SuppressWarnings("unchecked")
        AggregateModel<T> model = (AggregateModel<T>) aggregateModels.computeIfAbsent(type, this::inspect);
        T root = new GenericAggregateFactory<>(model).createAggregateRoot(aggregateId, events.get(0));
        EventSourcedAggregate<T> aggregate =
                EventSourcedAggregate.initialize(root, model, null, NoSnapshotTriggerDefinition.TRIGGER);
        aggregate.initializeState(DomainEventStream.of(events.stream().map(e -> (DomainEventMessage<?>) e)));
        return aggregate.getAggregateRoot();
    }

    private AggregateModel<?> inspect(Class<?> type) {
        return AnnotatedAggregateMetaModelFactory.inspectAggregate(
                type, axon.parameterResolverFactory(), axon.handlerDefinition(type));
    }

    /**
     * The event rows the statement selects, in its order, upcast and deserialised as the event store would
     * read them: one query, not one stream per event.
     */
    private List<AuditedEvent> audited(JdbcClient.StatementSpec rows) {
        return audited(rows, Selection::whole);
    }

    private List<AuditedEvent> audited(
            JdbcClient.StatementSpec rows, Function<DomainEventMessage<?>, Selection> shown) {
        Map<String, Long> globalIndexes = new HashMap<>();
        List<DomainEventData<byte[]>> entries = rows.query((row, i) -> {
                    globalIndexes.put(row.getString("event_identifier"), row.getLong("global_index"));
                    return (DomainEventData<byte[]>) new GenericDomainEventEntry<>(
                            row.getString("type"),
                            row.getString("aggregate_identifier"),
                            row.getLong("sequence_number"),
                            row.getString("event_identifier"),
                            row.getString("time_stamp"),
                            row.getString("payload_type"),
                            row.getString("payload_revision"),
                            row.getBytes("payload"),
                            row.getBytes("meta_data"));
                })
                .list();
        return EventStreamUtils.upcastAndDeserializeDomainEvents(entries.stream(), serializer, upcasters)
                .asStream()
                .map(event ->
                        audited(globalIndexes.getOrDefault(event.getIdentifier(), -1L), event, shown.apply(event)))
                .toList();
    }

    /** Personal data stays sealed in the audit; an erased customer's reads {@value CustomerDataKeys#ERASED}. */
    private AuditedEvent audited(long globalIndex, DomainEventMessage<?> event, Selection shown) {
        return new AuditedEvent(
                globalIndex,
                event.getAggregateIdentifier(),
                event.getType(),
                event.getSequenceNumber(),
                event.getIdentifier(),
                event.getPayloadType().getName(),
                event.getTimestamp(),
                personalData.withErasuresMarked(shown.payload()),
                Map.copyOf(event.getMetaData()),
                shown.grantsInEvent());
    }

    static final class AggregateNotFound extends DomainRuleViolation {
        AggregateNotFound(String aggregateId) {
            super(
                    "aggregate-not-found",
                    Category.NOT_FOUND,
                    "No events for aggregate " + aggregateId,
                    Map.of("aggregateId", aggregateId));
        }
    }
}
