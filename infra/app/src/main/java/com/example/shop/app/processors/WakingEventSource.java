package com.example.shop.app.processors;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The event store as the shared processors read it, with one addition: their streams tell them when events have
 * arrived. Axon's pooled processor has no other way to learn it from the embedded event store, whose streams offer no
 * availability callback, so it polls every 500 ms when idle: ~430 ms between an answered write and its read model
 * (ADR 0004). One thread per node tails the store's shared read-ahead with a stream of its own, blocked until the
 * store has fetched new events, and then wakes every open stream; the processors then find the events already in the
 * read-ahead. It reads nothing from the database itself while it tails.
 */
@Component(WakingEventSource.BEAN)
public class WakingEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, SmartLifecycle {

    static final String BEAN = "wakingEventSource";
    private static final Logger LOG = LoggerFactory.getLogger(WakingEventSource.class);

    private final EventStore eventStore;
    private final Set<Runnable> callbacks = new CopyOnWriteArraySet<>();
    private volatile Thread watcher;

    public WakingEventSource(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new WakingStream(eventStore.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return eventStore.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return eventStore.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return eventStore.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return eventStore.createTokenSince(duration);
    }

    @Override
    public synchronized void start() {
        Thread thread = new Thread(this::watch, "event-arrivals");
        thread.setDaemon(true);
        watcher = thread;
        thread.start();
    }

    @Override
    public synchronized void stop() {
        Thread thread = watcher;
        watcher = null;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return watcher != null;
    }

    private void watch() {
        while (watcher == Thread.currentThread()) {
            try (BlockingStream<TrackedEventMessage<?>> arrivals =
                    eventStore.openStream(eventStore.createHeadToken())) {
                while (watcher == Thread.currentThread()) {
                    if (arrivals.hasNextAvailable(1, TimeUnit.SECONDS)) {
                        while (arrivals.hasNextAvailable()) {
                            arrivals.nextAvailable();
                        }
                        callbacks.forEach(Runnable::run);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the database went away for a moment: the processors still poll on their own meanwhile
                LOG.warn("Watching the event store for new events failed; trying again in a second: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private final class WakingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private volatile Runnable callback;

        WakingStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public boolean hasNextAvailable() {
            return delegate.hasNextAvailable();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            // not passed on: skipped, events of a type no handler of the processor takes (restocks for the orders
            // projection, claims in a flash sale) never reach its segments, so their positions, and the tokens they
            // store and the progress they announce, stay at the last event they took. The read model then looked up
            // to a second behind while it was current, and admission control shed orders for it.
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            Runnable previous = this.callback;
            if (previous != null) {
                callbacks.remove(previous);
            }
            this.callback = callback;
            callbacks.add(callback);
            return true;
        }

        @Override
        public void close() {
            Runnable registered = callback;
            if (registered != null) {
                callbacks.remove(registered);
            }
            delegate.close();
        }
    }
}
