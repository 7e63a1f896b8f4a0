package com.example.shop.app.cluster;

import com.example.shop.operations.projections.EventProcessorSupervisor;
import com.example.shop.operations.projections.OtherNodes;
import com.example.shop.query.projection.ProjectionCollections;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Asks the other nodes to pause or resume a processor ({@link PostgresChannels}); and, on every node, does what the
 * others ask. A node paused for another one's rebuild takes the processor up again by itself after
 * {@link #RESUME_AT_THE_LATEST}, should the asking node die before it says so.
 */
@Component
public class PostgresOtherNodes implements OtherNodes, DisposableBean {

    static final String CHANNEL = "shop_processor_control";
    static final Duration RESUME_AT_THE_LATEST = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(PostgresOtherNodes.class);

    private final PostgresChannels channels;
    private final EventProcessorSupervisor supervisor;
    private final ProjectionCollections collections;
    /** Tells this node's own messages from the others'. */
    private final String self = UUID.randomUUID().toString();

    private final Map<String, ScheduledFuture<?>> pausedHere = new ConcurrentHashMap<>();
    private final ScheduledExecutorService resumer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "processor-control");
        thread.setDaemon(true);
        return thread;
    });

    public PostgresOtherNodes(
            PostgresChannels channels, EventProcessorSupervisor supervisor, ProjectionCollections collections) {
        this.channels = channels;
        this.supervisor = supervisor;
        this.collections = collections;
        channels.subscribe(CHANNEL, this::heard, () -> {});
    }

    @Override
    public void pause(String processor) {
        channels.send(CHANNEL, "pause " + processor + " " + self);
    }

    @Override
    public void resume(String processor) {
        channels.send(CHANNEL, "resume " + processor + " " + self);
    }

    /** {@code <pause|resume> <processor> <sender>}: processor names hold no blanks. */
    private void heard(String message) {
        String[] parts = message.split(" ");
        if (parts.length != 3 || parts[2].equals(self)) {
            return;
        }
        String processor = parts[1];
        // off the listener's thread: stopping a processor waits for its batch
        resumer.execute(() -> {
            if (parts[0].equals("pause")) {
                pauseHere(processor);
            } else if (parts[0].equals("resume")) {
                resumeHere(processor);
            }
        });
    }

    private void pauseHere(String processor) {
        log.info("processor {} paused: another node rebuilds it", processor);
        supervisor.pause(processor);
        ScheduledFuture<?> previous = pausedHere.put(
                processor,
                resumer.schedule(() -> resumeHere(processor), RESUME_AT_THE_LATEST.toMillis(), TimeUnit.MILLISECONDS));
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private void resumeHere(String processor) {
        ScheduledFuture<?> due = pausedHere.remove(processor);
        if (due == null) {
            return; // not paused here, or resumed already
        }
        due.cancel(false);
        log.info("processor {} resumed", processor);
        collections.refresh(); // the rebuild started a generation this node must write into
        supervisor.resume(processor);
    }

    @Override
    public void destroy() {
        resumer.shutdownNow();
    }
}
