package com.example.shop.operations.projections;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * {@code eventProcessors} in {@code /actuator/health} and in the readiness group: DOWN while a processor is
 * stopped or failing (a read model or a saga that does not move), DEGRADED while one lags further behind the
 * store than {@code shop.processors.health-max-lag}, with each processor's condition, lag and restarts.
 * Reads the supervisor's last look, so a probe costs no query.
 */
@Component("eventProcessors")
@EnableConfigurationProperties(ProcessorSupervisionSettings.class)
public class EventProcessorHealth implements HealthIndicator {

    public static final Status DEGRADED =
            new Status("DEGRADED", "an event processor lags behind the event store further than its bound");

    private final EventProcessorSupervisor supervisor;

    public EventProcessorHealth(EventProcessorSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public Health health() {
        List<EventProcessorSupervisor.Look> looks = supervisor.looks();
        Map<String, Object> details = new LinkedHashMap<>();
        Status status = Status.UP;
        for (EventProcessorSupervisor.Look look : looks) {
            details.put(
                    look.processor(),
                    Map.of(
                            "condition",
                            look.condition(),
                            "lagSeconds",
                            look.lag().toMillis() / 1000.0,
                            "segments",
                            look.segments(),
                            "restarts",
                            look.restarts()));
            status = worse(
                    status,
                    switch (look.condition()) {
                        case RUNNING -> Status.UP;
                        case LAGGING -> DEGRADED;
                        case ERROR, STOPPED, PAUSED -> Status.DOWN;
                    });
        }
        return Health.status(status).withDetails(details).build();
    }

    private static Status worse(Status current, Status next) {
        if (current == Status.DOWN || next == Status.DOWN) {
            return Status.DOWN;
        }
        return current == DEGRADED || next == DEGRADED ? DEGRADED : Status.UP;
    }
}
