package com.example.shop.app.cluster;

/**
 * How many nodes of this service are alive now, as the cluster sees it. The shared event processors divide their
 * segments by it ({@code SegmentBalancer}): each node claims about its share, and gives surplus segments up when
 * the count grows. A node that runs alone, or a cluster without a membership view, counts 1.
 */
public interface ClusterMembership {

    /** @return the live nodes, this one included; at least 1 */
    int liveNodes();
}
