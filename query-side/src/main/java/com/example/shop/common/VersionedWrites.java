package com.example.shop.common;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * {@link IdempotentWrites}' two writes, gathered over a processor's batch: when the batch commits, the
 * versions of every document it touches are read in one query, the writes that are not stale are applied
 * in event order as one bulk write. Two round trips per batch and collection instead of one or two per
 * event, which keeps a busy projection close behind the store. Outside a unit of work a write goes at once.
 * <p>A document has one writer at a time (its events come from one aggregate, which Axon gives to one
 * segment), so reading the versions first and writing after is safe.
 */
@Component
public class VersionedWrites {

    private sealed interface Write permits Insert, Change {
        String id();

        long version();
    }

    private record Insert(String id, long version, Document fields) implements Write {
    }

    private record Change(String id, long version, Update update) implements Write {
    }

    private final MongoTemplate mongo;
    private final IdempotentWrites conversions;

    public VersionedWrites(MongoTemplate mongo, IdempotentWrites conversions) {
        this.mongo = mongo;
        this.conversions = conversions;
    }

    /** Creates the document (whose own {@code version} field is {@code version}) unless it exists. */
    public void insertIfAbsent(String id, long version, Object view) {
        add(view.getClass(), new Insert(id, version, conversions.storedFields(view)));
    }

    /** Applies the update if the document exists and holds a version older than {@code version}. */
    public void updateIfNewer(String id, long version, Update update, Class<?> view) {
        add(view, new Change(id, version, update));
    }

    private void add(Class<?> view, Write write) {
        if (!CurrentUnitOfWork.isStarted()) {
            flush(view, List.of(write));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        unitOfWork.getOrComputeResource(VersionedWrites.class.getName() + "/" + view.getName(), resource -> {
            List<Write> writes = new ArrayList<>();
            unitOfWork.onPrepareCommit(committing -> flush(view, writes));
            return writes;
        }).add(write);
    }

    private void flush(Class<?> view, List<Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Map<String, Long> versions = storedVersions(view, writes);
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, view);
        int applied = 0;
        for (Write write : writes) {
            Long stored = versions.get(write.id());
            if (write instanceof Insert insert && stored == null) {
                bulk.upsert(query(where("_id").is(insert.id())), Update.fromDocument(new Document("$setOnInsert", insert.fields())));
            } else if (write instanceof Change change && stored != null && stored < change.version()) {
                bulk.updateOne(query(where("_id").is(change.id())), change.update().set("version", change.version()));
            } else {
                continue; // a replayed or repeated event: the document already holds it
            }
            versions.put(write.id(), write.version());
            applied++;
        }
        if (applied > 0) {
            bulk.execute();
        }
    }

    private Map<String, Long> storedVersions(Class<?> view, List<Write> writes) {
        Set<String> ids = new LinkedHashSet<>();
        writes.forEach(write -> ids.add(write.id()));
        Map<String, Long> versions = new HashMap<>();
        mongo.getCollection(mongo.getCollectionName(view))
                .find(new Document("_id", new Document("$in", List.copyOf(ids))))
                .projection(new Document("version", 1))
                .forEach(stored -> versions.put(stored.getString("_id"), stored.get("version", Number.class).longValue()));
        return versions;
    }
}
