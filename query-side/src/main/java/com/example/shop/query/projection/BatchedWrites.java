package com.example.shop.query.projection;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Gathers a projection's writes to one collection while its processor handles a batch of events, and sends
 * them as one ordered bulk write when the batch commits: one round trip per batch instead of one or two
 * per event, which is what makes a rebuild fast. Outside a unit of work (a direct call) a write goes at once.
 * Writes must be idempotent (they are repeated if the batch is), and a failed bulk write fails the batch,
 * which the processor then retries.
 */
@Component
public class BatchedWrites {

    private final MongoTemplate mongo;

    public BatchedWrites(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void add(Class<?> view, Consumer<BulkOperations> write) {
        put(view, new Object(), write);
    }

    /**
     * A write that replaces any earlier one of the batch under the same key, keeping the earlier one's place
     * in the order: for writes that state a whole value (the latest stock levels), only the last counts.
     */
    public void put(Class<?> view, Object key, Consumer<BulkOperations> write) {
        if (!CurrentUnitOfWork.isStarted()) {
            flush(view, Map.of(key, write));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        unitOfWork.getOrComputeResource(BatchedWrites.class.getName() + "/" + view.getName(), resource -> {
            Map<Object, Consumer<BulkOperations>> writes = new LinkedHashMap<>();
            unitOfWork.onPrepareCommit(committing -> flush(view, writes));
            return writes;
        }).put(key, write);
    }

    private void flush(Class<?> view, Map<Object, Consumer<BulkOperations>> writes) {
        if (writes.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, view);
        writes.values().forEach(write -> write.accept(bulk));
        bulk.execute();
    }
}
