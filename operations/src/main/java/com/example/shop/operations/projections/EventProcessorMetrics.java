package com.example.shop.operations.projections;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics of every event processor (projections, sagas, the claim admission) that cost next to nothing per
 * event. Axon's Micrometer module gives each processor four monitors that look up their timers, gauges and
 * counters again for every event and record six percentiles; that was 16% of a rebuild's CPU. These count
 * into {@link LongAdder}s and remember the last event, and only the meters' readers do arithmetic:
 * <ul>
 *   <li>{@code shop.processor.events} (tags {@code processor}, {@code outcome}: success, failure, ignored): events
 *   the processor handled, failed on (before dead-lettering), or had no handler for;</li>
 *   <li>{@code shop.processor.event-age} (seconds, tag {@code processor}): how old the last event was when the
 *   processor took it up, Axon's "latency".</li>
 * </ul>
 * The command bus, query bus and event store keep Axon's own monitors.
 */
@Configuration(proxyBeanMethods = false)
public class EventProcessorMetrics {

    @Bean
    ConfigurerModule leanEventProcessorMonitors(MeterRegistry registry) {
        // a monitor for a type wins over Axon's default monitor, whichever module is applied first
        return configurer -> configurer.configureMessageMonitor(
                EventProcessor.class, (configuration, type, processor) -> new Monitor(processor, registry));
    }

    /** One per processor, and its own callback, so that an event costs no allocation. */
    static final class Monitor implements MessageMonitor<Message<?>>, MessageMonitor.MonitorCallback {

        private final LongAdder succeeded = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final LongAdder ignored = new LongAdder();
        // written by the processor's threads, read by the gauge: a torn pair only blurs one reading
        private volatile EventMessage<?> lastEvent;
        private volatile long lastTakenUpMillis;

        Monitor(String processor, MeterRegistry registry) {
            count(registry, processor, "success", succeeded);
            count(registry, processor, "failure", failed);
            count(registry, processor, "ignored", ignored);
            Gauge.builder("shop.processor.event-age", this, Monitor::lastEventAgeSeconds)
                    .tag("processor", processor)
                    .baseUnit("seconds")
                    .description("How old the last event was when the processor took it up")
                    .register(registry);
        }

        private static void count(MeterRegistry registry, String processor, String outcome, LongAdder adder) {
            FunctionCounter.builder("shop.processor.events", adder, LongAdder::sum)
                    .tag("processor", processor)
                    .tag("outcome", outcome)
                    .description("Events the processor handled, failed on, or had no handler for")
                    .register(registry);
        }

        @Override
        public MonitorCallback onMessageIngested(Message<?> message) {
            if (message instanceof EventMessage<?> event) {
                lastEvent = event;
                lastTakenUpMillis = System.currentTimeMillis();
            }
            return this;
        }

        @Override
        public void reportSuccess() {
            succeeded.increment();
        }

        @Override
        public void reportFailure(Throwable cause) {
            failed.increment();
        }

        @Override
        public void reportIgnored() {
            ignored.increment();
        }

        private double lastEventAgeSeconds() {
            EventMessage<?> event = lastEvent;
            return event == null
                    ? 0
                    : Math.max(0, lastTakenUpMillis - event.getTimestamp().toEpochMilli()) / 1000.0;
        }
    }
}
