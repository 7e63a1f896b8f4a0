package com.example.shop.app.cluster;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.distributed.ConsistentHash;
import org.axonframework.commandhandling.distributed.ConsistentHashChangeListener;
import org.axonframework.commandhandling.distributed.Member;
import org.axonframework.common.caching.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes that take commands, as the consistent hash names them, and what a change of them means for this node's
 * aggregate caches. When a node joins or leaves, aggregates change owners: one this node cached may have been
 * written by another node meanwhile (it owned it while this one was away, or it owned it until now and this node
 * will own it again later), and a cached aggregate is never checked against the store. So every aggregate cache is
 * emptied whenever the hash changes; an aggregate is then loaded from its snapshot and events once, on its owner.
 */
public final class CommandNodes implements ConsistentHashChangeListener {

    private static final Logger LOG = LoggerFactory.getLogger(CommandNodes.class);

    private final List<Cache> aggregateCaches;
    private final AtomicReference<ConsistentHash> current = new AtomicReference<>(new ConsistentHash());

    CommandNodes(List<Cache> aggregateCaches) {
        this.aggregateCaches = List.copyOf(aggregateCaches);
    }

    @Override
    public void onConsistentHashChanged(ConsistentHash newConsistentHash) {
        ConsistentHash previous = current.getAndSet(newConsistentHash);
        if (newConsistentHash.equals(previous)) {
            return;
        }
        aggregateCaches.forEach(Cache::removeAll);
        List<String> members = names(newConsistentHash);
        if (previous == null || !names(previous).equals(members)) {
            LOG.info("Nodes taking commands: {}; aggregate caches emptied", members);
        } else {
            LOG.debug("The commands a node takes changed; aggregate caches emptied");
        }
    }

    /** The names of the nodes that take commands, this one included once it has joined. */
    public List<String> members() {
        return names(current.get());
    }

    /** Members with a load factor of 0 (nodes without the command role) are on the hash but own nothing. */
    private static List<String> names(ConsistentHash hash) {
        return hash.getMembers().stream()
                .filter(member ->
                        !(member instanceof ConsistentHash.ConsistentHashMember owning) || owning.segmentCount() > 0)
                .map(Member::name)
                .sorted()
                .toList();
    }
}
