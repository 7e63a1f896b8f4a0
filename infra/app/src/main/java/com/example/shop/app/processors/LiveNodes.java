package com.example.shop.app.processors;

import com.example.shop.app.roles.NodeRole;
import com.example.shop.app.roles.NodeRoles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The nodes of a cluster and their roles, as each announces itself in {@code cluster_node} every second: a node
 * counts as live while its last announcement is less than three seconds old (by the database's clock, so the nodes'
 * clocks need not agree). A node that stops removes its row, so the others recount at once; a node that died is
 * no longer counted three seconds later. The table also shows an operator which node runs what.
 */
final class LiveNodes implements ClusterMembership, SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(LiveNodes.class);
    private static final long BEAT_MS = 1000;
    /** Rows of nodes gone for good are removed now and then; an hour keeps them visible for a while. */
    private static final int CLEAN_UP_EVERY_BEATS = 60;

    private final JdbcClient jdbc;
    private final ProcessorNode node;
    private final NodeRoles roles;
    /** The live nodes of each role, by node id. */
    private volatile Map<NodeRole, List<String>> working = Map.of();

    private volatile ScheduledExecutorService beats;
    private volatile boolean failing;
    private int beatsSinceCleanUp;

    LiveNodes(JdbcClient jdbc, ProcessorNode node, NodeRoles roles) {
        this.jdbc = jdbc;
        this.node = node;
        this.roles = roles;
    }

    @Override
    public int liveNodesWorkingOn(String processor) {
        return Math.max(1, nodesWorkingOn(processor).size());
    }

    /** Ranked by node id, so that every node computes the same shares: 4 segments over 3 nodes are 2, 1 and 1. */
    @Override
    public int shareOf(String processor, int segments) {
        List<String> nodes = nodesWorkingOn(processor);
        int rank = nodes.indexOf(node.id());
        return fairShare(segments, rank < 0 ? nodes.size() : rank, Math.max(1, nodes.size()));
    }

    /** The share of the node of the given rank (from 0) among the given number of nodes; the first ones get more. */
    static int fairShare(int segments, int rank, int nodes) {
        return segments / nodes + (rank < segments % nodes ? 1 : 0);
    }

    private List<String> nodesWorkingOn(String processor) {
        return NodeRole.working(processor)
                .map(role -> {
                    List<String> nodes = new ArrayList<>(working.getOrDefault(role, List.of()));
                    if (roles.runs(role) && !nodes.contains(node.id())) {
                        nodes.add(node.id()); // before its first announcement has been counted
                        Collections.sort(nodes);
                    }
                    return nodes;
                })
                .orElse(List.of(node.id()));
    }

    void beat() {
        try {
            jdbc.sql("""
                            insert into cluster_node (node_id, roles, seen_at) values (:node, :roles, now())
                            on conflict (node_id) do update set roles = excluded.roles, seen_at = excluded.seen_at""")
                    .param("node", node.id())
                    .param("roles", roles.toString())
                    .update();
            Map<NodeRole, List<String>> counted = new EnumMap<>(NodeRole.class);
            jdbc.sql("select node_id, roles from cluster_node where seen_at > now() - interval '3 seconds'")
                    .query((row, n) -> Map.entry(row.getString(1), row.getString(2)))
                    .list()
                    .forEach(announced -> {
                        for (String role : announced.getValue().split(",")) {
                            counted.computeIfAbsent(NodeRole.valueOf(role.trim().toUpperCase()), r -> new ArrayList<>())
                                    .add(announced.getKey());
                        }
                    });
            // ranked in Java, not by the database's collation: every node must rank the ids alike
            counted.values().forEach(Collections::sort);
            working = counted;
            if (++beatsSinceCleanUp >= CLEAN_UP_EVERY_BEATS) {
                beatsSinceCleanUp = 0;
                jdbc.sql("delete from cluster_node where seen_at < now() - interval '1 hour'")
                        .update();
            }
            if (failing) {
                failing = false;
                LOG.info("Announcing this node in cluster_node works again");
            }
        } catch (RuntimeException e) {
            // the last count stands; segments of nodes that died are adopted by the balancer all the same
            if (!failing) {
                failing = true;
                LOG.warn("Could not announce this node in cluster_node: {}", e.toString());
            }
        }
    }

    /** Before the processors start, so that their first claims already know the other nodes. */
    @Override
    public void start() {
        beat();
        beats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cluster-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        beats.scheduleWithFixedDelay(this::beat, BEAT_MS, BEAT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = beats;
        beats = null;
        if (running != null) {
            running.shutdownNow();
        }
        try {
            jdbc.sql("delete from cluster_node where node_id = :node")
                    .param("node", node.id())
                    .update();
        } catch (RuntimeException e) {
            LOG.warn("Could not remove this node from cluster_node; it stops counting in 3 s: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return beats != null;
    }

    /** First to start, last to stop. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }
}
