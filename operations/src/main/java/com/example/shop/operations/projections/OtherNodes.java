package com.example.shop.operations.projections;

/**
 * The other nodes' share of a processor, for work only one node may do on it: a rebuild resets every segment's
 * token, which Axon refuses while any other node holds a claim.
 */
public interface OtherNodes {

    /** Asks every other node to stop the processor and give up its segments until {@link #resume}. */
    void pause(String processor);

    /** Lets the other nodes take the processor up again. */
    void resume(String processor);
}
