package com.example.shop.command.campaign;

import com.example.shop.campaign.CampaignNotFoundException;
import com.example.shop.campaign.ClaimDecision;
import com.example.shop.campaign.ClaimDiscountsCommand;
import com.example.shop.campaign.ClaimRejection;
import com.example.shop.campaign.ClaimRequest;
import com.example.shop.platform.AuditContext;
import com.example.shop.platform.ThreadLocalSecureRandom;
import com.example.shop.rules.OverloadedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonTransientException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Group commit for discount claims. Claims for one campaign queue up in a lane; one worker at a time per
 * lane takes everything queued (up to {@code maxBatch}) and sends it as one {@link ClaimDiscountsCommand}:
 * the campaign decides each claim in order and the batch commits in one transaction. While a batch
 * commits, the next one gathers, so the commit rate stops being the claim rate.
 *
 * <p>Once a campaign answers that it is sold out or has ended, the lane answers further claims from
 * memory without touching the database. A released claim reopens the lane ({@link #reopen}).
 * A full lane refuses new claims at once ({@link OverloadedException}) instead of letting them time out.
 */
@Component
@EnableConfigurationProperties(ClaimSettings.class)
public class ClaimBatcher implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimBatcher.class);
    /** A claim made outside any request (no audit context on the calling thread). */
    private static final AuditContext UNATTRIBUTED = new AuditContext("system:unattributed", null, null);

    private final CommandGateway commandGateway;
    private final int maxBatch;
    private final int maxQueued;
    private final ExecutorService workers;
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final DistributionSummary batchSizes;
    private final Counter shortCircuited;
    private final Counter shed;

    public ClaimBatcher(CommandGateway commandGateway, MeterRegistry meters, ClaimSettings settings) {
        this.commandGateway = commandGateway;
        this.maxBatch = settings.maxBatch();
        this.maxQueued = settings.maxQueued();
        this.workers = Executors.newFixedThreadPool(settings.workers(), runnable -> {
            Thread thread = new Thread(runnable, "claim-batcher");
            thread.setDaemon(true);
            return thread;
        });
        this.batchSizes = DistributionSummary.builder("shop.campaign.claims.batch.size")
                .description("claims decided per commit")
                .register(meters);
        this.shortCircuited = Counter.builder("shop.campaign.claims.short.circuited")
                .description("claims refused from memory: campaign known to be sold out or ended")
                .register(meters);
        this.shed = Counter.builder("shop.campaign.claims.shed")
                .description("claims refused because the lane was full")
                .register(meters);
    }

    /** Queues a claim; the future completes with the decision once the batch holding it has committed. */
    public CompletableFuture<ClaimDecision> claim(String campaignId, String customerId) {
        Lane lane = lanes.computeIfAbsent(campaignId, Lane::new);
        ClaimRejection known = lane.knownRejection();
        if (known != null) {
            shortCircuited.increment();
            return CompletableFuture.completedFuture(ClaimDecision.rejected(customerId, known, 0));
        }
        // the batch is the batcher's own work; the claim keeps who asked for it, and in which request
        AuditContext requester = AuditContext.current().orElse(UNATTRIBUTED);
        Pending pending = new Pending(new ClaimRequest(
                customerId,
                ThreadLocalSecureRandom.uuid().toString(),
                requester.principal(),
                requester.correlationId()));
        if (!lane.queue.offer(pending)) {
            shed.increment();
            throw new OverloadedException("Too many claims waiting for campaign " + campaignId, Duration.ofSeconds(1));
        }
        lane.schedule();
        return pending.decision;
    }

    /** A claim was given back: the campaign may have room again, so ask it instead of answering from memory. */
    public void reopen(String campaignId) {
        Lane lane = lanes.get(campaignId);
        if (lane != null) {
            lane.reopen();
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("Claim batches still running at shutdown");
        }
    }

    private record Pending(ClaimRequest request, CompletableFuture<ClaimDecision> decision) {
        Pending(ClaimRequest request) {
            this(request, new CompletableFuture<>());
        }
    }

    private final class Lane {
        private final String campaignId;
        private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(maxQueued);
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicLong reopenings = new AtomicLong();
        private volatile boolean soldOut;
        private volatile boolean ended;

        Lane(String campaignId) {
            this.campaignId = campaignId;
        }

        ClaimRejection knownRejection() {
            return ended ? ClaimRejection.ENDED : soldOut ? ClaimRejection.SOLD_OUT : null;
        }

        void reopen() {
            reopenings.incrementAndGet();
            soldOut = false;
        }

        void schedule() {
            if (draining.compareAndSet(false, true)) {
                workers.execute(this::drain);
            }
        }

        private void drain() {
            while (true) {
                List<Pending> batch = new ArrayList<>(Math.min(maxBatch, queue.size() + 1));
                queue.drainTo(batch, maxBatch);
                if (batch.isEmpty()) {
                    draining.set(false);
                    // a claim queued after drainTo but before the flag was cleared must not be stranded
                    if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                decide(batch);
            }
        }

        private void decide(List<Pending> batch) {
            ClaimRejection known = knownRejection();
            if (known != null) {
                batch.forEach(p -> p.decision.complete(ClaimDecision.rejected(p.request.customerId(), known, 0)));
                return;
            }
            long reopeningsBefore = reopenings.get();
            // a batch serves many requests, so it is the batcher's own work in the audit trail; each grant in
            // its event names the request it was claimed in
            // (also while a failure is logged, hence no try-with-resources, whose scope ends before its catch)
            AuditContext.Scope batcher = AuditContext.enter(AuditContext.system("claim-batcher"));
            try {
                List<ClaimDecision> decisions = commandGateway.sendAndWait(new ClaimDiscountsCommand(
                        campaignId, batch.stream().map(Pending::request).toList()));
                batchSizes.record(batch.size());
                ClaimDecision last = decisions.get(decisions.size() - 1);
                if (decisions.stream().anyMatch(d -> d.rejection() == ClaimRejection.ENDED)) {
                    ended = true;
                } else if (last.remaining() == 0 && reopenings.get() == reopeningsBefore) {
                    soldOut = true;
                }
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).decision.complete(decisions.get(i));
                }
            } catch (RuntimeException e) {
                RuntimeException cause = unwrap(e);
                if (cause instanceof AggregateNotFoundException) {
                    cause = new CampaignNotFoundException(campaignId);
                    lanes.remove(campaignId, this);
                } else if (cause instanceof AxonTransientException) {
                    // the campaign's node left before it answered: it may have granted them; each claimer hears so
                    LOG.warn(
                            "A batch of {} claims for campaign {} got no answer, whether granted is unknown: {}",
                            batch.size(),
                            campaignId,
                            cause.toString());
                } else {
                    LOG.error(
                            "A batch of {} claims for campaign {} failed; none was granted",
                            batch.size(),
                            campaignId,
                            e);
                }
                for (Pending pending : batch) {
                    pending.decision.completeExceptionally(cause);
                }
            } finally {
                batcher.close();
            }
        }
    }

    private static RuntimeException unwrap(RuntimeException e) {
        if (e instanceof CommandExecutionException && e.getCause() instanceof RuntimeException cause) {
            return cause;
        }
        return e;
    }
}
