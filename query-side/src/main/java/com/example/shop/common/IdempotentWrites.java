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

    /**
     * A replayed first event must not overwrite a document that later events already moved on.
     * Answers whether the document was created.
     */
    public boolean insertIfAbsent(String id, Object view) {
        return mongo.upsert(byId(id), setOnInsert(view), view.getClass()).getUpsertedId() != null;
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
            Document fields = new Document();
            mongo.getConverter().write(viewsById.get(id), fields);
            fields.remove("_id");
            fields.remove("_class");
            upserts.add(new UpdateOneModel<>(new Document("_id", id), new Document("$setOnInsert", fields),
                    new UpdateOptions().upsert(true)));
        }
        Set<String> present = new HashSet<>(ids);
        mongo.getCollection(mongo.getCollectionName(type)).bulkWrite(upserts, new BulkWriteOptions().ordered(false))
                .getUpserts().forEach(upsert -> present.remove(ids.get(upsert.getIndex())));
        return present;
    }

    private static Query byId(String id) {
        return query(Criteria.where("_id").is(id));
    }

    private Update setOnInsert(Object view) {
        Document fields = new Document();
        mongo.getConverter().write(view, fields);
        Update update = new Update();
        fields.forEach((key, value) -> {
            if (!"_id".equals(key) && !"_class".equals(key)) {
                update.setOnInsert(key, value);
            }
        });
        return update;
    }

    /**
     * Applies the update only where the stored {@code version} is older than {@code sequence}, and records
     * the new version. Answers whether a document was there to match.
     * <p>The in-process MongoDB wire server only uses an index for a filter on {@code _id} alone, so this
     * filter scans its collection there; hot paths create documents with {@link #insertIfAbsent} first.
     */
    public boolean updateIfNewer(String id, long sequence, Update update, Class<?> view) {
        return mongo.updateFirst(newerThanStored(id, sequence), update.set("version", sequence), view).getMatchedCount() > 0;
    }

    public static Query newerThanStored(String id, long sequence) {
        return query(Criteria.where("_id").is(id).and("version").lt(sequence));
    }
}
