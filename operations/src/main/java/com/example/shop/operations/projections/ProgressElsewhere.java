package com.example.shop.operations.projections;

import java.util.Map;

/**
 * How far the other nodes have come on their segments of the shared processors, as they announce it. A segment's
 * stored token moves only with a batch that handled something, or about every half second, so during a stream of
 * events a projection does not handle, the token store alone makes it look behind on every node but its own.
 */
public interface ProgressElsewhere {

    /** Tells the other nodes the position of each segment this node works on, by processor. */
    void announce(Map<String, Map<Integer, Long>> positions);

    /** The latest positions other nodes announced for the processor's segments, none older than a few seconds. */
    Map<Integer, Long> announced(String processor);

    /** A node alone: nobody to tell, nothing to hear. */
    ProgressElsewhere NONE = new ProgressElsewhere() {
        @Override
        public void announce(Map<String, Map<Integer, Long>> positions) {}

        @Override
        public Map<Integer, Long> announced(String processor) {
            return Map.of();
        }
    };
}
