package com.example.shop.operations.projections;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Keeps every streaming event processor (projections and sagas) running, and knows how each one is doing.
 * <p>Axon shuts a tracking processor down for good when its thread is interrupted, as its unit-of-work
 * timeout does to a batch that runs too long; nothing starts it again, and its read model silently stops
 * while the service looks healthy. Every {@code supervision-interval} this looks at each processor: one that
 * stopped without being asked to (neither by the service shutting down nor by {@link #whileStopped} or
 * {@link #pause}) is started again, after a back-off that doubles from {@code restart-backoff} up to
 * {@code restart-backoff-max} while it keeps stopping; every restart is logged and counted
 * ({@code shop.processor.restarts}). The same look records each processor's condition for the health check
 * and for {@code shop.processor.running} and {@code shop.processor.lag}: how long the oldest event it has not
 * handled yet has been waiting in the store.
 */
@Component
public class EventProcessorSupervisor implements SchedulingConfigurer {

    private static final Logger LOG = LoggerFactory.getLogger(EventProcessorSupervisor.class);

    /** How a processor was found at the last look. */
    public enum Condition {
        /** running, with no event waiting longer than the health bound */
        RUNNING,
        /** running, but an event it has not handled yet has waited longer than the health bound */
        LAGGING,
        /** Axon retries a failing batch with its own back-off */
        ERROR,
        /** stopped on purpose (a rebuild, an operator), not restarted */
        PAUSED,
        /** stopped without being asked to; restarted after the back-off */
        STOPPED
    }

    /**
     * @param lag      how long the oldest event the processor has not handled has waited (zero when caught up);
     *                 only where this node works on a segment of it
     * @param segments the segments this node works on
     */
    public record Look(String processor, Condition condition, Duration lag, int segments, long restarts, Instant at) {}

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final EventStoreLag lag;
    private final MeterRegistry meters;
    private final ProcessorSupervisionSettings settings;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Supervised> supervised = new ConcurrentHashMap<>();
    private volatile boolean closing;

    public EventProcessorSupervisor(
            EventProcessingConfiguration processing,
            EventStore eventStore,
            EventStoreLag lag,
            MeterRegistry meters,
            ProcessorSupervisionSettings settings) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.lag = lag;
        this.meters = meters;
        this.settings = settings;
    }

    /** The last look at every streaming processor, by name. */
    public List<Look> looks() {
        return supervised.values().stream()
                .map(Supervised::look)
                .filter(look -> look != null)
                .sorted(Comparator.comparing(Look::processor))
                .toList();
    }

    /**
     * Runs {@code work} with the processor shut down, and starts it again afterwards; the supervisor leaves
     * it alone meanwhile. For work that needs a stopped processor, such as resetting its tokens.
     */
    public <T> T whileStopped(String name, Supplier<T> work) {
        Supervised entry = entry(name);
        synchronized (entry) {
            StreamingEventProcessor processor = processor(name);
            entry.paused = true;
            try {
                processor.shutDown();
                return work.get();
            } finally {
                processor.start();
                entry.paused = false;
            }
        }
    }

    /** Stops the processor until {@link #resume}; it is not restarted meanwhile. */
    public void pause(String name) {
        Supervised entry = entry(name);
        synchronized (entry) {
            entry.paused = true;
            processor(name).shutDown();
        }
    }

    public void resume(String name) {
        Supervised entry = entry(name);
        synchronized (entry) {
            processor(name).start();
            entry.paused = false;
            entry.backoff = null;
        }
    }

    @EventListener(ContextClosedEvent.class)
    void closing() {
        closing = true; // from here on processors stop because the service does
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::supervise, settings.supervisionInterval(), Duration.ZERO));
    }

    void supervise() {
        if (closing) {
            return;
        }
        TrackingToken head = eventStore.createHeadToken(); // one query for all of them
        long headPosition = head == null ? -1 : head.position().orElse(-1);
        processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .forEach(processor -> supervise(processor, headPosition));
    }

    private void supervise(StreamingEventProcessor processor, long headPosition) {
        Supervised entry = entry(processor.getName());
        synchronized (entry) {
            Instant now = clock.instant();
            if (!processor.isRunning() && !entry.paused && !closing) {
                restartWhenDue(processor, entry, now);
            } else if (processor.isRunning()
                    && entry.backoff != null
                    && now.isAfter(entry.restartedAt.plus(settings.restartBackoffMax()))) {
                entry.backoff = null; // it has kept running: the next stop starts the back-off afresh
            }
            entry.look = look(processor, entry, now, headPosition);
        }
    }

    private void restartWhenDue(StreamingEventProcessor processor, Supervised entry, Instant now) {
        if (entry.stoppedSince == null) {
            entry.stoppedSince = now;
            entry.backoff = entry.backoff == null
                    ? settings.restartBackoff()
                    : min(entry.backoff.multipliedBy(2), settings.restartBackoffMax());
            LOG.warn(
                    "Event processor {} stopped without being asked to; starting it again in {}",
                    processor.getName(),
                    entry.backoff);
        }
        if (now.isBefore(entry.stoppedSince.plus(entry.backoff))) {
            return;
        }
        try {
            processor.start();
            entry.restarts.increment();
            entry.restartedAt = now;
            entry.stoppedSince = null;
            LOG.warn(
                    "Event processor {} started again (restart {} since this node started)", processor.getName(), (long)
                            entry.restarts.count());
        } catch (RuntimeException e) {
            // its threads are still winding down: try again after another back-off
            entry.stoppedSince = null;
            LOG.warn("Event processor {} could not be started again yet: {}", processor.getName(), e.toString());
        }
    }

    private Look look(StreamingEventProcessor processor, Supervised entry, Instant now, long headPosition) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        Duration lag = segments.isEmpty() ? Duration.ZERO : lag(segments, headPosition);
        Condition condition;
        if (processor.isError()) {
            condition = Condition.ERROR;
        } else if (!processor.isRunning()) {
            condition = entry.paused ? Condition.PAUSED : Condition.STOPPED;
        } else if (lag.compareTo(settings.healthMaxLag()) > 0 && !replaying(segments)) {
            condition = Condition.LAGGING;
        } else {
            condition = Condition.RUNNING;
        }
        return new Look(processor.getName(), condition, lag, segments.size(), (long) entry.restarts.count(), now);
    }

    private static boolean replaying(Map<Integer, EventTrackerStatus> segments) {
        return segments.values().stream().anyMatch(EventTrackerStatus::isReplaying);
    }

    /** How long the first event after the slowest segment's position has been in the store. */
    private Duration lag(Map<Integer, EventTrackerStatus> segments, long headPosition) {
        long position = segments.values().stream()
                .mapToLong(segment -> segment.getCurrentPosition().orElse(-1))
                .min()
                .orElse(-1);
        if (headPosition <= position) {
            return Duration.ZERO;
        }
        return lag.waitingSince(position);
    }

    private Supervised entry(String name) {
        return supervised.computeIfAbsent(name, this::register);
    }

    private Supervised register(String name) {
        Supervised entry = new Supervised(Counter.builder("shop.processor.restarts")
                .tag("processor", name)
                .description("Times the processor was started again after it stopped without being asked to")
                .register(meters));
        Gauge.builder(
                        "shop.processor.running",
                        entry,
                        e -> e.look == null
                                        || e.look.condition() == Condition.RUNNING
                                        || e.look.condition() == Condition.LAGGING
                                ? 1
                                : 0)
                .tag("processor", name)
                .description("1 while the processor runs, 0 while it is stopped or failing")
                .register(meters);
        Gauge.builder(
                        "shop.processor.lag",
                        entry,
                        e -> e.look == null ? 0 : e.look.lag().toMillis() / 1000.0)
                .tag("processor", name)
                .baseUnit("seconds")
                .description("How long the oldest event the processor has not handled has waited in the store")
                .register(meters);
        return entry;
    }

    private StreamingEventProcessor processor(String name) {
        return processing
                .eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalArgumentException("No streaming event processor " + name));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Guarded by its own monitor. */
    private static final class Supervised {
        final Counter restarts;
        boolean paused;
        Instant stoppedSince;
        Instant restartedAt = Instant.EPOCH;
        Duration backoff;
        volatile Look look;

        Supervised(Counter restarts) {
            this.restarts = restarts;
        }

        Look look() {
            return look;
        }
    }
}
