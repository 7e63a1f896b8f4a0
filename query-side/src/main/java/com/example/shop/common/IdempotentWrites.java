package com.example.shop.common;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The two writes every projection is built from, both safe to repeat: create a document only if it is
 * absent, and change it only if the event is newer than the version the document holds.
 */
@Component
public class IdempotentWrites {

    private final MongoTemplate mongo;

    public IdempotentWrites(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A replayed first event must not overwrite a document that later events already moved on. */
    public void insertIfAbsent(String id, Object view) {
        Update update = new Update();
        storedFields(view).forEach(update::setOnInsert);
        mongo.upsert(query(Criteria.where("_id").is(id)), update, view.getClass());
    }

    /**
     * {@link #insertIfAbsent} for many documents of one collection in one round trip.
     * Answers the ids that were already there.
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

    /** The view as MongoDB stores it, without the id (the filter holds it) and the type hint. */
    Document storedFields(Object view) {
        Document fields = new Document();
        mongo.getConverter().write(view, fields);
        fields.remove("_id");
        fields.remove("_class");
        return fields;
    }

    /**
     * Applies the update only if the stored {@code version} is older than {@code sequence}, and records the
     * new version. Answers whether the update was applied.
     * <p>Reads the version by {@code _id}, then updates by {@code _id}: the in-process MongoDB wire server
     * uses an index only for a filter on {@code _id} alone, and a filter on the version too scanned the
     * whole collection on every event. Safe because a document has one writer at a time: its events come
     * from one aggregate, which Axon hands to one segment of one processor.
     */
    public boolean updateIfNewer(String id, long sequence, Update update, Class<?> view) {
        Document stored = mongo.getCollection(mongo.getCollectionName(view))
                .find(new Document("_id", id)).projection(new Document("version", 1)).first();
        if (stored == null || stored.get("version", Number.class).longValue() >= sequence) {
            return false;
        }
        mongo.updateFirst(query(Criteria.where("_id").is(id)), update.set("version", sequence), view);
        return true;
    }
}
