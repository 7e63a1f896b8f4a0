package com.example.shop.operations.projections;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far a processor trails the event store, in time: how long the first event after its position has been
 * in the store (one indexed query on {@code global_index}). That is the staleness a reader of its read model
 * sees now, whatever the rate of events.
 */
@Component
public class EventStoreLag {

    private final JdbcClient jdbc;
    /** Axon stamps events with the system clock, so their waiting is measured against it too. */
    private final Clock clock = Clock.systemUTC();

    public EventStoreLag(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return zero when no event follows {@code position} */
    public Duration waitingSince(long position) {
        return jdbc.sql(
                        "select time_stamp from domain_event_entry where global_index > ? order by global_index limit 1")
                .param(position)
                .query(String.class)
                .optional()
                .map(appended -> Duration.between(Instant.parse(appended), clock.instant()))
                .filter(waited -> !waited.isNegative())
                .orElse(Duration.ZERO);
    }
}
