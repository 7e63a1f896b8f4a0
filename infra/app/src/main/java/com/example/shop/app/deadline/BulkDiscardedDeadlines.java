package com.example.shop.app.deadline;

import com.example.shop.fulfilment.StaleDeadlines;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes the deadlines sagas no longer need from db-scheduler's table, many in one statement, once the
 * saga's change has committed. A deadline that db-scheduler has picked at that moment is left alone: it fires
 * into nothing (the saga ignores a void retry, an ended saga ignores everything) and db-scheduler removes it
 * after. Without this every step of every order left a retry behind that fired minutes later for nothing.
 * Discards not yet removed when the service stops are forgotten; those deadlines fire into nothing once.
 */
@Component
public class BulkDiscardedDeadlines implements StaleDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(BulkDiscardedDeadlines.class);
    /** The task db-scheduler runs Axon's deadlines as (DbSchedulerDeadlineToken.TASK_NAME). */
    private static final String AXON_DEADLINE_TASK = "AxonDeadline";

    private static final int PER_STATEMENT = 1000;

    private final JdbcClient jdbc;
    private final Queue<String> discarded = new ConcurrentLinkedQueue<>();
    private final Counter removed;

    public BulkDiscardedDeadlines(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.removed = Counter.builder("shop.deadlines.discarded")
                .description("Deadlines removed unfired because their saga no longer needed them")
                .register(meters);
    }

    @Override
    public void discard(String scheduleId) {
        if (scheduleId == null) {
            return;
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> discarded.add(scheduleId));
        } else {
            discarded.add(scheduleId);
        }
    }

    @Scheduled(fixedDelay = 1000)
    void removeDiscarded() {
        List<String> batch = new ArrayList<>(PER_STATEMENT);
        for (String id = discarded.poll(); id != null; id = discarded.poll()) {
            batch.add(id);
            if (batch.size() == PER_STATEMENT) {
                remove(batch);
                batch = new ArrayList<>(PER_STATEMENT);
            }
        }
        if (!batch.isEmpty()) {
            remove(batch);
        }
    }

    private void remove(List<String> ids) {
        try {
            removed.increment(jdbc.sql("""
                            delete from scheduled_tasks
                            where task_name = :task and task_instance in (:ids) and not picked""")
                    .param("task", AXON_DEADLINE_TASK)
                    .param("ids", ids)
                    .update());
        } catch (RuntimeException e) {
            // the deadlines stay and fire into nothing; nothing depends on their removal
            LOG.warn("Could not remove {} discarded deadlines: {}", ids.size(), e.toString());
        }
    }
}
