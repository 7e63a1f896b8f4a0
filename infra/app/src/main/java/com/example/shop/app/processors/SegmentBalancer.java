package com.example.shop.app.processors;

import com.example.shop.app.roles.NodeRoles;
import com.example.shop.operations.projections.ProcessorSupervisionSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * How many segments of each shared processor this node may claim, and what the token store says about them.
 * <ul>
 *   <li><b>A fair share.</b> A node claims at most its share of the segments among the live nodes working on the
 *   processor ({@link
 *   ClusterMembership}); Axon's
 *   coordinator gives up the surplus when the share shrinks, i.e. when a node joins, and the newcomer claims what
 *   was given up.</li>
 *   <li><b>Nothing stands still.</b> A segment whose claim ran out ({@code claim-timeout}: its node died or stalled),
 *   or that nobody claimed for ten claim intervals (given up by a node that stopped), is adopted beyond the share,
 *   so the work goes on while the membership has not noticed a node's departure yet. What was adopted is kept until
 *   the count of live nodes changes, then the shares are computed afresh.</li>
 *   <li><b>More segments on upgrade.</b> A token store made with fewer segments (one, before ADR 0021) is split up to
 *   {@code shop.processors.segments}: the node that works on the largest segment splits it, one split at a time.
 *   Never merged: fewer segments need a reset.</li>
 * </ul>
 * Claims are refreshed four times per claim timeout, also during long batches (by the coordinator).
 */
@Component
public class SegmentBalancer implements ConfigurerModule, MaxSegmentProvider, SchedulingConfigurer {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentBalancer.class);

    private final ClusterMembership membership;
    private final JdbcClient jdbc;
    private final ProcessorNode node;
    private final ProcessorSupervisionSettings settings;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    /** The shared processors this node works on. */
    private final List<String> worked;

    private final Clock clock = Clock.systemUTC();
    private final Map<String, Share> shares = new ConcurrentHashMap<>();

    public SegmentBalancer(
            ClusterMembership membership,
            JdbcClient jdbc,
            ProcessorNode node,
            ProcessorSupervisionSettings settings,
            ObjectProvider<EventProcessingConfiguration> processing,
            NodeRoles roles) {
        this.membership = membership;
        this.worked = SharedProcessors.NAMES.stream().filter(roles::works).toList();
        this.jdbc = jdbc;
        this.node = node;
        this.settings = settings;
        this.processing = processing;
    }

    /** What this node knows of one processor's segments; written by the balancing task only. */
    private static final class Share {
        volatile int segments;
        volatile int adopted;
        int lastLiveNodes = -1;
        final Map<Integer, Instant> unclaimedSince = new ConcurrentHashMap<>();
        CompletableFuture<Boolean> split;

        Share(int segments) {
            this.segments = segments;
        }

        int max(int fair) {
            return Math.min(segments, fair + adopted);
        }
    }

    private record Claim(String processor, int segment, String owner, Instant at) {}

    @Override
    public void configureModule(Configurer configurer) {
        long extension = Math.max(1, settings.claimTimeout().toMillis() / 4);
        SharedProcessors.NAMES.forEach(name -> configurer
                .eventProcessing()
                .registerPooledStreamingEventProcessorConfiguration(
                        name,
                        (configuration, builder) -> builder.maxSegmentProvider(this)
                                .claimExtensionThreshold(extension)
                                // a batch that runs longer than the claim timeout must not lose its segment meanwhile
                                .enableCoordinatorClaimExtension()));
    }

    @Override
    public int getMaxSegments(String processor) {
        Share share = share(processor);
        return share.max(membership.shareOf(processor, share.segments));
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        Duration every = settings.claimInterval().dividedBy(2);
        registrar.addFixedDelayTask(new FixedDelayTask(this::balance, every, every));
    }

    void balance() {
        if (worked.isEmpty()) {
            return;
        }
        try {
            Map<String, List<Claim>> claims = jdbc
                    .sql("select processor_name, segment, owner, time_stamp from token_entry"
                            + " where processor_name in (:names)")
                    .param("names", worked)
                    .query((row, n) ->
                            new Claim(row.getString(1), row.getInt(2), row.getString(3), instant(row.getString(4))))
                    .list()
                    .stream()
                    .collect(Collectors.groupingBy(Claim::processor));
            Instant now = clock.instant();
            claims.forEach((processor, segments) -> balance(processor, segments, now));
        } catch (RuntimeException e) {
            LOG.warn("Could not read the claims of the shared processors: {}", e.toString());
        }
    }

    private void balance(String processor, List<Claim> claims, Instant now) {
        Share share = share(processor);
        share.segments = claims.size();
        int live = membership.liveNodesWorkingOn(processor);
        boolean membershipChanged = live != share.lastLiveNodes;
        if (membershipChanged && share.lastLiveNodes != -1) {
            LOG.info(
                    "Processor {}: live nodes working on it {} -> {}: shares of its segments computed afresh",
                    processor,
                    share.lastLiveNodes,
                    live);
        }
        share.lastLiveNodes = live;
        if (membershipChanged) {
            share.adopted = 0;
            share.unclaimedSince.clear();
        }
        Instant expired = now.minus(settings.claimTimeout());
        long mine =
                claims.stream().filter(claim -> node.id().equals(claim.owner())).count();
        int adoptable = 0;
        for (Claim claim : claims) {
            boolean released = claim.owner() == null;
            boolean timedOut =
                    !released && !node.id().equals(claim.owner()) && claim.at().isBefore(expired);
            if (!released) {
                share.unclaimedSince.remove(claim.segment());
            }
            if (timedOut) {
                adoptable++; // its node died or stalls: nobody else will hand it over
            } else if (released) {
                Instant since = share.unclaimedSince.computeIfAbsent(claim.segment(), segment -> now);
                // given up for a newcomer, which claims it once its processors run (the view may count it earlier,
                // while it still starts); after ten claim intervals, nobody is coming
                if (!since.plus(settings.claimInterval().multipliedBy(10)).isAfter(now)) {
                    adoptable++;
                }
            }
        }
        int fair = membership.shareOf(processor, claims.size());
        if (adoptable > 0 && mine >= share.max(fair)) {
            share.adopted = Math.min(claims.size() - fair, share.adopted + adoptable);
            LOG.info(
                    "Processor {}: {} segment(s) unclaimed by any live node; this node may hold {} instead of its share {}",
                    processor,
                    adoptable,
                    share.max(fair),
                    fair);
        } else if (adoptable == 0 && share.adopted > 0 && mine < share.max(fair)) {
            share.adopted = (int) Math.max(0, mine - fair); // taken back by others meanwhile
        }
        splitUpToSetting(processor, share, claims.size());
    }

    private void splitUpToSetting(String processor, Share share, int segments) {
        if (segments >= settings.segments() || (share.split != null && !share.split.isDone())) {
            return;
        }
        StreamingEventProcessor streaming = processing
                .getObject()
                .eventProcessor(processor, StreamingEventProcessor.class)
                .orElse(null);
        if (streaming == null || !streaming.isRunning()) {
            return;
        }
        Map<Integer, EventTrackerStatus> status = streaming.processingStatus();
        if (status.values().stream().anyMatch(EventTrackerStatus::isReplaying)) {
            return; // a rebuild runs: split once it is done
        }
        status.values().stream()
                .map(EventTrackerStatus::getSegment)
                .filter(Objects::nonNull)
                .min(Comparator.comparingInt(segment -> segment.getMask()))
                .ifPresent(largest -> {
                    LOG.info(
                            "Processor {} has {} segment(s), {} wanted: splitting segment {}",
                            processor,
                            segments,
                            settings.segments(),
                            largest.getSegmentId());
                    share.split = streaming.splitSegment(largest.getSegmentId());
                });
    }

    private Share share(String processor) {
        return shares.computeIfAbsent(processor, name -> new Share(settings.segments()));
    }

    private static Instant instant(String stored) {
        return stored == null ? Instant.EPOCH : Instant.parse(stored);
    }
}
