package com.example.shop.infra.deadline;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Stops db-scheduler first when the service shuts down. Left to bean destruction, it would fire a saga's
 * deadline while Axon is already half stopped; db-scheduler then counts the deadline as failed and puts
 * it off for minutes. Stopped first, it finishes what it runs and leaves the rest for the next start.
 */
@Component
public class DeadlineSchedulerLifecycle implements SmartLifecycle {

    private final Scheduler scheduler;
    private volatile boolean running;

    public DeadlineSchedulerLifecycle(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        scheduler.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The highest phase stops first. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
