package com.example.shop.query.order;

import com.example.shop.query.projection.ProjectionCollections;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Cursor pagination over a customer's timeline. The cursor is the (placedAt, orderId) of the last entry
 * returned, so a page costs one index range scan however deep the customer has scrolled.
 */
@Component
public class CustomerOrderHistory {

    /** Created by {@link OrderProjection} on the serving generation and on each one a rebuild starts. */
    static final Index TIMELINE = new Index()
            .on("customerId", Sort.Direction.ASC)
            .on("placedAt", Sort.Direction.DESC)
            .on("_id", Sort.Direction.DESC)
            .named("customer_timeline");

    private final MongoTemplate mongo;
    private final ProjectionCollections collections;

    public CustomerOrderHistory(MongoTemplate mongo, ProjectionCollections collections) {
        this.mongo = mongo;
        this.collections = collections;
    }

    public record Page(List<CustomerOrderEntry> items, String nextCursor) {}

    public Page page(String customerId, String cursor, int limit) {
        Criteria criteria = Criteria.where("customerId").is(customerId);
        if (cursor != null && !cursor.isBlank()) {
            Position after = Position.decode(cursor);
            criteria = criteria.orOperator(
                    Criteria.where("placedAt").lt(after.placedAt()),
                    Criteria.where("placedAt").is(after.placedAt()).and("_id").lt(after.orderId()));
        }
        Query query = Query.query(criteria)
                .with(Sort.by(Sort.Order.desc("placedAt"), Sort.Order.desc("_id")))
                .limit(limit + 1);
        List<CustomerOrderEntry> found =
                mongo.find(query, CustomerOrderEntry.class, collections.serving(CustomerOrderEntry.class));
        if (found.size() <= limit) {
            return new Page(found, null);
        }
        List<CustomerOrderEntry> items = found.subList(0, limit);
        CustomerOrderEntry last = items.get(limit - 1);
        return new Page(items, new Position(last.placedAt(), last.orderId()).encode());
    }

    record Position(Instant placedAt, String orderId) {

        String encode() {
            String raw = placedAt.toString() + "|" + orderId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int separator = raw.indexOf('|');
                if (separator < 0) {
                    throw new IllegalArgumentException("no separator");
                }
                return new Position(Instant.parse(raw.substring(0, separator)), raw.substring(separator + 1));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                        HttpStatus.BAD_REQUEST, "cursor is not one this service returned");
                problem.setType(URI.create("/problems/invalid-cursor"));
                problem.setTitle("Invalid cursor");
                throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, e);
            }
        }
    }
}
