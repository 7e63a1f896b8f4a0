package com.example.shop.query.projection;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The writes every projection is built from, all safe to repeat: create a document only if it is absent,
 * and change it only if the event is newer than the version the document holds. Writes are gathered over
 * a processor's batch: when the batch commits, the versions of every document it touches are read in one
 * query and the writes that are not stale are applied in event order as one bulk write. That is two round
 * trips per batch and collection instead of one or two per event, which keeps a busy projection close
 * behind the store; a collection that mirrors another (same ids, versions decided by the other) costs one
 * bulk write and no look-up. Outside a unit of work a write goes at once.
 * <p>A document has one writer at a time (its events come from one aggregate, which Axon gives to one
 * segment), so reading the versions first and writing after is safe. The in-process MongoDB wire server
 * uses an index only for a filter on {@code _id} alone, which is the only filter used here.
 */
@Component
public class VersionedWrites {

    private sealed interface Write permits Insert, Change {
        String id();

        long version();

        Mirror mirror();
    }

    private record Insert(String id, long version, Document fields, Mirror mirror) implements Write {
    }

    private record Change(String id, long version, Update update, Mirror mirror) implements Write {
    }

    /** The same write's effect on a document of another collection with the same id (see the mirror methods). */
    private record Mirror(Class<?> view, Consumer<BulkOperations> write) {
    }

    private final MongoTemplate mongo;

    public VersionedWrites(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Creates the document (whose own {@code version} field is {@code version}) unless it exists. */
    public void insertIfAbsent(String id, long version, Object view) {
        add(view.getClass(), new Insert(id, version, storedFields(view), null));
    }

    /**
     * Like {@link #insertIfAbsent(String, long, Object)}, and creates {@code mirrorView}, a document of another
     * collection with the same id, with it. A mirror's writes are decided by the version of its leader
     * ({@code view}), which saves looking its own version up; they go before the leader's, so that a batch that
     * fails between the two leaves the leader behind, and its retry writes both again. A mirror therefore takes
     * only writes that are safe to repeat: inserts if absent and plain sets.
     */
    public void insertIfAbsent(String id, long version, Object view, Object mirrorView) {
        Document mirrorFields = storedFields(mirrorView);
        add(view.getClass(), new Insert(id, version, storedFields(view), new Mirror(mirrorView.getClass(),
                bulk -> bulk.upsert(byId(id), Update.fromDocument(new Document("$setOnInsert", mirrorFields))))));
    }

    /**
     * Creates many documents of one collection at once, unless they exist, and answers the ids that
     * already existed. Goes at once, not with the batch, because the caller decides on the answer.
     */
    public Set<String> insertAllIfAbsent(Map<String, ?> viewsById, Class<?> type) {
        if (viewsById.isEmpty()) {
            return Set.of();
        }
        // straight to the driver: the documents are already mapped, and query/update mapping per document
        // cost more than the write itself
        List<String> ids = List.copyOf(viewsById.keySet());
        List<UpdateOneModel<Document>> upserts = new ArrayList<>(ids.size());
        for (String id : ids) {
            upserts.add(new UpdateOneModel<>(new Document("_id", id),
                    new Document("$setOnInsert", storedFields(viewsById.get(id))), new UpdateOptions().upsert(true)));
        }
        Set<String> present = new HashSet<>(ids);
        mongo.getCollection(mongo.getCollectionName(type)).bulkWrite(upserts, new BulkWriteOptions().ordered(false))
                .getUpserts().forEach(upsert -> present.remove(ids.get(upsert.getIndex())));
        return present;
    }

    /** Applies the update if the document exists and holds a version older than {@code version}. */
    public void updateIfNewer(String id, long version, Update update, Class<?> view) {
        add(view, new Change(id, version, update, null));
    }

    /**
     * Like {@link #updateIfNewer(String, long, Update, Class)}, and sets {@code mirrorSet} on the document with
     * the same id in {@code mirror} when the leader ({@code view}) takes the update; see
     * {@link #insertIfAbsent(String, long, Object, Object)}.
     */
    public void updateIfNewer(String id, long version, Update update, Class<?> view, Class<?> mirror, Update mirrorSet) {
        if (!mirrorSet.getUpdateObject().keySet().equals(Set.of("$set"))) {
            throw new IllegalArgumentException("A mirror takes plain sets only, which are safe to repeat: " + mirrorSet);
        }
        add(view, new Change(id, version, update, new Mirror(mirror,
                bulk -> bulk.updateOne(byId(id), mirrorSet.set("version", version)))));
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
        Map<Class<?>, BulkOperations> mirrorBulks = new LinkedHashMap<>();
        int applied = 0;
        for (Write write : writes) {
            Long stored = versions.get(write.id());
            if (write instanceof Insert insert && stored == null) {
                bulk.upsert(byId(insert.id()), Update.fromDocument(new Document("$setOnInsert", insert.fields())));
            } else if (write instanceof Change change && stored != null && stored < change.version()) {
                bulk.updateOne(byId(change.id()), change.update().set("version", change.version()));
            } else {
                continue; // a replayed or repeated event: the document already holds it
            }
            if (write.mirror() != null) {
                write.mirror().write().accept(mirrorBulks.computeIfAbsent(write.mirror().view(),
                        mirror -> mongo.bulkOps(BulkOperations.BulkMode.ORDERED, mirror)));
            }
            versions.put(write.id(), write.version());
            applied++;
        }
        mirrorBulks.values().forEach(BulkOperations::execute); // before the leader: see insertIfAbsent's mirror
        if (applied > 0) {
            bulk.execute();
        }
    }

    private static Query byId(String id) {
        return query(where("_id").is(id));
    }

    /** The view as MongoDB stores it, without the id (the filter holds it) and the type hint. */
    private Document storedFields(Object view) {
        Document fields = new Document();
        mongo.getConverter().write(view, fields);
        fields.remove("_id");
        fields.remove("_class");
        return fields;
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
