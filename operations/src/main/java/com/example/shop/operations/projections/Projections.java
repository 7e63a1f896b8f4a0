package com.example.shop.operations.projections;

import com.example.shop.query.projection.ProjectionCollections;
import com.example.shop.rules.DomainRuleViolation;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The projections (streaming event processors) and their progress through the event store: reset and
 * rebuild one from the first event, and report how far it has come, how fast, and how long it still needs.
 * Progress is sampled every second; while a rebuild runs it is also logged. A rebuild writes a fresh
 * generation of the projection's collections while queries read the old one ({@link ProjectionCollections});
 * the sample that finds it caught up with the store switches queries to the new generation.
 */
@Component
public class Projections {

    private static final Logger LOG = LoggerFactory.getLogger(Projections.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(5);
    /** How long a rebuild waits for the other nodes to give up the projection's segments. */
    private static final Duration CLAIMS_RELEASED_WITHIN = Duration.ofSeconds(15);

    private static final Duration CLAIMS_LOOKED_AT_EVERY = Duration.ofMillis(100);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ProjectionCollections collections;
    private final EventProcessorSupervisor supervisor;
    private final StoredTokens storedTokens;
    private final OtherNodes otherNodes;
    private final ProgressElsewhere progressElsewhere;
    private final Clock clock;
    private final Map<String, Sample> lastSamples = new ConcurrentHashMap<>();
    /** Looks at the shared claims while a rebuild waits for the other nodes to give its segments up. */
    private final ScheduledExecutorService claimsWatch = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rebuild-claims");
        thread.setDaemon(true);
        return thread;
    });

    private final Map<String, Instant> rebuildsStarted = new ConcurrentHashMap<>();
    private volatile Instant lastLogged = Instant.EPOCH;

    public Projections(
            EventProcessingConfiguration processing,
            EventStore eventStore,
            ProjectionCollections collections,
            EventProcessorSupervisor supervisor,
            StoredTokens storedTokens,
            OtherNodes otherNodes,
            ProgressElsewhere progressElsewhere) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.collections = collections;
        this.supervisor = supervisor;
        this.storedTokens = storedTokens;
        this.otherNodes = otherNodes;
        this.progressElsewhere = progressElsewhere;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param position        the lowest position any segment has reached (-1 before the first event)
     * @param head            the position of the newest event in the store
     * @param eventsPerSecond the rate at which position advanced over the last sample
     * @param secondsLeft     at that rate, until position reaches head; null while the rate is unknown
     * @param rebuilding      until queries read the rebuilt collections
     * @param generation      the generation of collections queries read (0 until the first rebuild)
     */
    public record Status(
            String name,
            boolean running,
            boolean rebuilding,
            long position,
            long head,
            long behind,
            double eventsPerSecond,
            Double secondsLeft,
            Instant rebuildStartedAt,
            long generation) {}

    private record Sample(Instant at, long position, double eventsPerSecond) {}

    public List<Status> all() {
        long head = head(); // one query for all of them
        // a saga's processor is not a projection: replaying it would replay its side effects
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .filter(StreamingEventProcessor::supportsReset)
                .map(processor -> status(processor.getName(), Optional.of(processor), head))
                .sorted(Comparator.comparing(Status::name))
                .toList();
    }

    /** Also of a shared projection that this node leaves to other nodes: then from the shared token store alone. */
    public Status status(String name) {
        Optional<StreamingEventProcessor> local = processing.eventProcessor(name, StreamingEventProcessor.class);
        if (local.isEmpty() && storedTokens.of(name).isEmpty()) {
            throw new ProjectionNotFound(name);
        }
        return status(name, local, head());
    }

    /**
     * Rebuilds the projection from the first event in the store into a fresh generation of its collections
     * (its {@code @ResetHandler} starts one); queries read the current generation until the rebuild is done.
     */
    public Status rebuild(String name) {
        StreamingEventProcessor processor = processor(name);
        if (!processor.supportsReset()) {
            throw new ProjectionNotResettable(name);
        }
        otherNodes.pause(name);
        try {
            supervisor.whileStopped(name, () -> {
                awaitNoClaims(name);
                processor.resetTokens();
                rebuildsStarted.put(name, clock.instant());
                lastSamples.remove(name);
                return null;
            });
        } finally {
            otherNodes.resume(name);
        }
        long head = head();
        LOG.info("Rebuilding projection {} from the first event; head of the store is at {}", name, head);
        return status(name, Optional.of(processor), head);
    }

    /** Often enough that another node's estimate of a projection's lag is off by a fraction of the admission bound. */
    @Scheduled(fixedDelay = 200)
    void announceProgress() {
        Map<String, Map<Integer, Long>> positions = new HashMap<>();
        processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .forEach(processor -> {
                    Map<Integer, Long> segments = new HashMap<>();
                    processor.processingStatus().forEach((segment, status) -> {
                        if (!status.isErrorState() && status.getTrackingToken() != null) {
                            segments.put(segment, positionOf(status.getTrackingToken()));
                        }
                    });
                    if (!segments.isEmpty()) {
                        positions.put(processor.getName(), segments);
                    }
                });
        progressElsewhere.announce(positions);
    }

    @Scheduled(fixedDelay = 1000)
    void sample() {
        List<Status> statuses = all();
        boolean log = Duration.between(lastLogged, clock.instant()).compareTo(LOG_EVERY) >= 0;
        for (Status status : statuses) {
            if (collections.isBuilding(status.name())
                    && status.behind() == 0
                    && !processor(status.name()).processingStatus().isEmpty()) { // caught up, on this node
                collections.finishBuilding(status.name());
            }
            if (status.rebuilding() && log) {
                lastLogged = clock.instant();
                LOG.info(
                        "Rebuilding projection {}: {} of {} ({}%), {} events/s, {} left",
                        status.name(),
                        status.position(),
                        status.head(),
                        status.head() <= 0 ? 100 : 100 * status.position() / status.head(),
                        Math.round(status.eventsPerSecond()),
                        status.secondsLeft() == null
                                ? "unknown"
                                : Duration.ofSeconds(Math.round(status.secondsLeft())));
            }
            if (rebuildsStarted.containsKey(status.name()) && !status.rebuilding() && status.behind() == 0) {
                Instant started = rebuildsStarted.remove(status.name());
                LOG.info(
                        "Projection {} rebuilt up to {} in {}",
                        status.name(),
                        status.position(),
                        Duration.between(started, clock.instant()));
            }
        }
    }

    /** Progress as the shared token store holds it: all segments, also those other nodes claim. */
    private Status status(String name, Optional<StreamingEventProcessor> local, long head) {
        // the stored token of a segment another node works on; this node's own, fresher position for its segments
        // (a stored token moves only with a batch that handled something) and for a processor whose token lives in
        // memory only
        Map<Integer, TrackingToken> bySegment = new HashMap<>(storedTokens.of(name));
        local.ifPresent(processor -> processor
                .processingStatus()
                .forEach((segment, status) -> bySegment.put(segment, status.getTrackingToken())));
        Collection<TrackingToken> tokens = bySegment.values();
        boolean replaying = tokens.stream().anyMatch(token -> token != null && ReplayToken.isReplay(token));
        Map<Integer, Long> positions = new HashMap<>();
        bySegment.forEach((segment, token) -> positions.put(segment, positionOf(token)));
        if (!replaying && !rebuildsStarted.containsKey(name) && !collections.isBuilding(name)) {
            // what the nodes working on the other segments announce is fresher than their stored tokens; not during a
            // rebuild, where a position announced before the reset would pass for progress made since
            progressElsewhere
                    .announced(name)
                    .forEach((segment, announced) ->
                            positions.computeIfPresent(segment, (s, stored) -> Math.max(stored, announced)));
        }
        long position =
                positions.values().stream().mapToLong(Long::longValue).min().orElse(-1);
        Sample sample = sampleOf(name, position);
        long behind = Math.max(0, head - position);
        Double secondsLeft = behind == 0
                ? Double.valueOf(0)
                : sample.eventsPerSecond() > 0 ? behind / sample.eventsPerSecond() : null;
        // a replay token stays "replaying" until an event newer than the reset point arrives, so caught up
        // to the head counts as done
        boolean rebuilding =
                (replaying || rebuildsStarted.containsKey(name)) && behind > 0 || collections.isBuilding(name);
        return new Status(
                name,
                // run elsewhere: running while some node holds a claim on it
                local.map(StreamingEventProcessor::isRunning).orElseGet(() -> storedTokens.claimedSegments(name) > 0),
                rebuilding,
                position,
                head,
                behind,
                sample.eventsPerSecond(),
                secondsLeft,
                rebuildsStarted.get(name),
                collections.servingGeneration(name));
    }

    private static long positionOf(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    /** Keeps the last sample at least a second old, so the rate is measured over a real interval. */
    private Sample sampleOf(String name, long position) {
        Instant now = clock.instant();
        return lastSamples.compute(name, (key, previous) -> {
            if (previous == null) {
                return new Sample(now, position, 0);
            }
            double seconds = Duration.between(previous.at(), now).toMillis() / 1000.0;
            if (seconds < 1) {
                return previous;
            }
            return new Sample(now, position, Math.max(0, position - previous.position()) / seconds);
        });
    }

    /** Until every node, this one included, has given up the processor's segments; a node that never does refuses. */
    private void awaitNoClaims(String name) {
        CompletableFuture<Void> released = new CompletableFuture<>();
        ScheduledFuture<?> looking = claimsWatch.scheduleWithFixedDelay(
                () -> {
                    try {
                        if (storedTokens.claimedSegments(name) == 0) {
                            released.complete(null);
                        }
                    } catch (RuntimeException e) {
                        released.completeExceptionally(e);
                    }
                },
                0,
                CLAIMS_LOOKED_AT_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            released.get(CLAIMS_RELEASED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ProjectionBusyElsewhere(name, CLAIMS_RELEASED_WITHIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProjectionBusyElsewhere(name, CLAIMS_RELEASED_WITHIN);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } finally {
            looking.cancel(false);
        }
    }

    @PreDestroy
    void stopWatchingClaims() {
        claimsWatch.shutdownNow();
    }

    private long head() {
        TrackingToken head = eventStore.createHeadToken();
        return head == null ? -1 : head.position().orElse(-1);
    }

    private StreamingEventProcessor processor(String name) {
        return processing
                .eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new ProjectionNotFound(name));
    }

    static final class ProjectionNotFound extends DomainRuleViolation {
        ProjectionNotFound(String name) {
            super(
                    "projection-not-found",
                    Category.NOT_FOUND,
                    "No projection " + name + " runs on this node",
                    Map.of("projection", name));
        }
    }

    static final class ProjectionBusyElsewhere extends DomainRuleViolation {
        ProjectionBusyElsewhere(String name, Duration waited) {
            super(
                    "projection-busy",
                    Category.CONFLICT,
                    "Projection " + name + " is still being worked on by another node after " + waited
                            + "; try again shortly",
                    Map.of("projection", name));
        }
    }

    static final class ProjectionNotResettable extends DomainRuleViolation {
        ProjectionNotResettable(String name) {
            super(
                    "projection-not-resettable",
                    Category.CONFLICT,
                    "Projection " + name + " cannot be reset",
                    Map.of("projection", name));
        }
    }
}
