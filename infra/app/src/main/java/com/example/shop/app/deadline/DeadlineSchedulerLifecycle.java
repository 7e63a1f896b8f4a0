package com.example.shop.app.deadline;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Stops db-scheduler first when the service shuts down. Left to bean destruction, it would fire a saga's
 * deadline while Axon is already half stopped; db-scheduler then counts the deadline as failed and puts
 * it off for minutes. Stopped first, it finishes what it runs and leaves the rest for the next start.
 */
@Component
public class DeadlineSchedulerLifecycle implements SmartLifecycle, DisposableBean {

    /** The bean db-scheduler's starter declares. */
    private static final String SCHEDULER_BEAN = "scheduler";

    private final Scheduler scheduler;
    private volatile boolean running;

    public DeadlineSchedulerLifecycle(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * The starter also stops the scheduler when its bean is destroyed: after this lifecycle that is a second stop,
     * which db-scheduler reports as a warning. This class stops it, whether the context ran or failed to start.
     */
    @Bean
    static BeanFactoryPostProcessor schedulerStoppedByItsLifecycle() {
        return beanFactory -> {
            if (beanFactory.containsBeanDefinition(SCHEDULER_BEAN)) {
                beanFactory.getBeanDefinition(SCHEDULER_BEAN).setDestroyMethodName(null);
            }
        };
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stopScheduler();
    }

    /** A context that fails to start is destroyed without being stopped. */
    @Override
    public void destroy() {
        stopScheduler();
    }

    private void stopScheduler() {
        if (!scheduler.getSchedulerState().isShuttingDown()) {
            scheduler.stop();
        }
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
