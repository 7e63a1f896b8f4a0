package com.example.shop.query.projection;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The one way projections write their views. It decides where a write lands: the collection of the generation
 * the projection builds ({@link ProjectionCollections#target}), so views name only their plain collection.
 * <p>Every write is safe to repeat. Versioned writes create a document only if it is absent and change it
 * only if the event is newer than the version the document holds; plain writes must be idempotent by
 * themselves (sets, never increments). Writes are gathered over a processor's batch, per collection, and
 * sent when the batch prepares its commit: the versions of every document the batch's versioned writes touch
 * are read in one query, and the writes that are not stale go in event order as one ordered bulk write. That
 * is two round trips per batch and collection (one when it takes plain writes only) instead of one or two per
 * event, which keeps a busy projection close behind the store and makes a rebuild fast. A collection that
 * mirrors another (same ids, versions decided by the other) costs one bulk write and no look-up. A failed
 * write fails the batch, which the processor retries. Outside a unit of work a write goes at once.
 * <p>A document has one writer at a time (its events come from one aggregate, which Axon gives to one
 * segment), so reading the versions first and writing after is safe. The in-process MongoDB wire server
 * uses an index only for a filter on {@code _id} alone, which is the only filter versioned writes use.
 */
@Component
public class ProjectionWriter {

    private sealed interface Write permits Versioned, Plain {}

    /** A write decided by the version the document holds. */
    private sealed interface Versioned extends Write permits Insert, Change {
        String id();

        long version();

        Mirror mirror();
    }

    private record Insert(String id, long version, Document fields, Mirror mirror) implements Versioned {}

    private record Change(String id, long version, Update update, Mirror mirror) implements Versioned {}

    private record Plain(Consumer<BulkOperations> write) implements Write {}

    /** The same write's effect on a document of another collection with the same id (see the mirror methods). */
    private record Mirror(Class<?> view, String collection, Consumer<BulkOperations> write) {}

    /** The writes of one batch to one collection, in order; a keyed write replaces the batch's earlier one. */
    private record Pending(Class<?> view, String collection, Map<Object, Write> writes) {}

    private static final String BATCH = ProjectionWriter.class.getName() + "/batch";

    private final MongoTemplate mongo;
    private final ProjectionCollections collections;

    public ProjectionWriter(MongoTemplate mongo, ProjectionCollections collections) {
        this.mongo = mongo;
        this.collections = collections;
    }

    /** Creates the document (whose own {@code version} field is {@code version}) unless it exists. */
    public void insertIfAbsent(String id, long version, Object view) {
        add(view.getClass(), new Object(), new Insert(id, version, storedFields(view), null));
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
        add(
                view.getClass(),
                new Object(),
                new Insert(
                        id,
                        version,
                        storedFields(view),
                        mirror(
                                mirrorView.getClass(),
                                bulk -> bulk.upsert(
                                        byId(id), Update.fromDocument(new Document("$setOnInsert", mirrorFields))))));
    }

    /**
     * Creates many documents of one collection at once, unless they exist, and answers the ids that
     * already existed. Goes at once, not with the batch, because the caller decides on the answer.
     */
    public Set<String> insertAllIfAbsent(Map<String, ?> viewsById, Class<?> view) {
        if (viewsById.isEmpty()) {
            return Set.of();
        }
        // straight to the driver: the documents are already mapped, and query/update mapping per document
        // cost more than the write itself
        List<String> ids = List.copyOf(viewsById.keySet());
        List<UpdateOneModel<Document>> upserts = new ArrayList<>(ids.size());
        for (String id : ids) {
            upserts.add(new UpdateOneModel<>(
                    new Document("_id", id),
                    new Document("$setOnInsert", storedFields(viewsById.get(id))),
                    new UpdateOptions().upsert(true)));
        }
        Set<String> present = new HashSet<>(ids);
        mongo.getCollection(collections.target(view))
                .bulkWrite(upserts, new BulkWriteOptions().ordered(false))
                .getUpserts()
                .forEach(upsert -> present.remove(ids.get(upsert.getIndex())));
        return present;
    }

    /** Applies the update if the document exists and holds a version older than {@code version}. */
    public void updateIfNewer(String id, long version, Update update, Class<?> view) {
        add(view, new Object(), new Change(id, version, update, null));
    }

    /**
     * Like {@link #updateIfNewer(String, long, Update, Class)}, and sets {@code mirrorSet} on the document with
     * the same id in {@code mirror} when the leader ({@code view}) takes the update; see
     * {@link #insertIfAbsent(String, long, Object, Object)}.
     */
    public void updateIfNewer(
            String id, long version, Update update, Class<?> view, Class<?> mirror, Update mirrorSet) {
        if (!mirrorSet.getUpdateObject().keySet().equals(Set.of("$set"))) {
            throw new IllegalArgumentException(
                    "A mirror takes plain sets only, which are safe to repeat: " + mirrorSet);
        }
        add(
                view,
                new Object(),
                new Change(
                        id,
                        version,
                        update,
                        mirror(mirror, bulk -> bulk.updateOne(byId(id), mirrorSet.set("version", version)))));
    }

    /** A plain write, not versioned: it must be safe to repeat by itself (a conditional set, an upsert of defaults). */
    public void write(Class<?> view, Consumer<BulkOperations> write) {
        add(view, new Object(), new Plain(write));
    }

    /**
     * A plain write that replaces any earlier one of the batch under the same key, keeping the earlier one's
     * place in the order: for writes that state a whole value (the latest stock levels), only the last counts.
     */
    public void writeLatest(Class<?> view, Object key, Consumer<BulkOperations> write) {
        add(view, key, new Plain(write));
    }

    private Mirror mirror(Class<?> view, Consumer<BulkOperations> write) {
        return new Mirror(view, collections.target(view), write);
    }

    private void add(Class<?> view, Object key, Write write) {
        String collection = collections.target(view);
        if (!CurrentUnitOfWork.isStarted()) {
            flush(new Pending(view, collection, Map.of(key, write)));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Map<String, Pending> batch = unitOfWork.getOrComputeResource(BATCH, resource -> {
            Map<String, Pending> pending = new LinkedHashMap<>();
            unitOfWork.onPrepareCommit(committing -> pending.values().forEach(this::flush));
            return pending;
        });
        batch.computeIfAbsent(collection, name -> new Pending(view, name, new LinkedHashMap<>()))
                .writes()
                .put(key, write);
    }

    private void flush(Pending pending) {
        if (pending.writes().isEmpty()) {
            return;
        }
        Map<String, Long> versions = storedVersions(pending);
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.ORDERED, pending.view(), pending.collection());
        Map<String, BulkOperations> mirrorBulks = new LinkedHashMap<>();
        int applied = 0;
        for (Write write : pending.writes().values()) {
            if (write instanceof Plain plain) {
                plain.write().accept(bulk);
                applied++;
                continue;
            }
            Versioned versioned = (Versioned) write;
            Long stored = versions.get(versioned.id());
            if (versioned instanceof Insert insert && stored == null) {
                bulk.upsert(byId(insert.id()), Update.fromDocument(new Document("$setOnInsert", insert.fields())));
            } else if (versioned instanceof Change change && stored != null && stored < change.version()) {
                bulk.updateOne(byId(change.id()), change.update().set("version", change.version()));
            } else {
                continue; // a replayed or repeated event: the document already holds it
            }
            Mirror mirror = versioned.mirror();
            if (mirror != null) {
                mirror.write()
                        .accept(mirrorBulks.computeIfAbsent(
                                mirror.collection(),
                                name -> mongo.bulkOps(BulkOperations.BulkMode.ORDERED, mirror.view(), name)));
            }
            versions.put(versioned.id(), versioned.version());
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

    /** The versions the documents of the batch's versioned writes hold; no look-up for plain writes only. */
    private Map<String, Long> storedVersions(Pending pending) {
        Set<String> ids = new LinkedHashSet<>();
        pending.writes().values().forEach(write -> {
            if (write instanceof Versioned versioned) {
                ids.add(versioned.id());
            }
        });
        Map<String, Long> versions = new HashMap<>();
        if (ids.isEmpty()) {
            return versions;
        }
        mongo.getCollection(pending.collection())
                .find(new Document("_id", new Document("$in", List.copyOf(ids))))
                .projection(new Document("version", 1))
                .forEach(stored -> versions.put(
                        stored.getString("_id"),
                        stored.get("version", Number.class).longValue()));
        return versions;
    }
}
