package com.example.shop.app.processors;

/**
 * How many live nodes work on each shared processor. The processor's segments are divided by it ({@link
 * SegmentBalancer}): each such node claims about its share, and gives surplus segments up when the count grows. A
 * node that runs alone counts 1.
 */
public interface ClusterMembership {

    /** @return the live nodes that work on the given shared processor, this one included when it does; at least 1 */
    int liveNodesWorkingOn(String processor);

    /** How many of the processor's segments this node may claim: about an equal part of them. */
    default int shareOf(String processor, int segments) {
        int nodes = liveNodesWorkingOn(processor);
        return (segments + nodes - 1) / nodes;
    }
}
