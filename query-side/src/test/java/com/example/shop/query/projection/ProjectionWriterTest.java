package com.example.shop.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.example.shop.money.Money;
import com.example.shop.order.OrderStatus;
import com.example.shop.query.catalog.ProductView;
import com.example.shop.query.order.CustomerOrderEntry;
import com.example.shop.query.order.OrderView;
import com.example.shop.query.support.InProcessMongo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Update;

class ProjectionWriterTest {

    private static final String ORDERS = "orders";
    private static final String CATALOG = "product-catalog";
    private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    private final InProcessMongo mongo = new InProcessMongo();
    private final ProjectionCollections collections = mongo.collections();
    private final ProjectionWriter writer = mongo.writer();

    ProjectionWriterTest() {
        collections.declare(ORDERS, OrderView.class, CustomerOrderEntry.class);
        collections.declare(CATALOG, ProductView.class);
    }

    @AfterEach
    void close() {
        mongo.close();
    }

    /** A mirror's writes may be repeated after a failed batch: a push or an increment would count twice. */
    @Test
    void aMirrorTakesPlainSetsOnly() {
        assertThatThrownBy(() -> writer.updateIfNewer(
                        "o1",
                        1,
                        new Update().set("status", "PAID"),
                        OrderView.class,
                        CustomerOrderEntry.class,
                        new Update().inc("steps", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain sets only");
    }

    /** What keeps a projection close behind the store, and the replay benchmark's rate. */
    @Test
    void aBatchCostsOneVersionLookUpAndOneBulkWritePerCollectionAndItsMirrorOneBulkWrite() {
        mongo.takeCommands();
        inABatchOf(ORDERS, () -> {
            for (int order = 0; order < 50; order++) {
                String id = "o" + order;
                writer.insertIfAbsent(id, 0, order(id, 0), entry(id, 0));
                writer.updateIfNewer(
                        id,
                        1,
                        new Update().set("status", OrderStatus.PAID),
                        OrderView.class,
                        CustomerOrderEntry.class,
                        new Update().set("status", OrderStatus.PAID));
            }
            assertThat(mongo.takeCommands())
                    .as("nothing before the batch commits")
                    .isEmpty();
        });

        assertThat(mongo.takeCommands()).containsExactly("find orders", "update customer_orders", "update orders");
        assertThat(mongo.template().findById("o49", OrderView.class).status()).isEqualTo(OrderStatus.PAID);
        assertThat(mongo.template().findById("o49", CustomerOrderEntry.class).version())
                .isEqualTo(1);
    }

    @Test
    void plainWritesOfABatchCostOneBulkWriteAndOnlyTheLatestOfAKeyCounts() {
        mongo.takeCommands();
        inABatchOf(CATALOG, () -> {
            for (long level = 1; level <= 20; level++) {
                long available = level;
                writer.writeLatest(
                        ProductView.class,
                        "levels",
                        bulk -> bulk.upsert(query(where("_id").is("SKU")), new Update().set("available", available)));
            }
        });

        assertThat(mongo.takeCommands()).containsExactly("update products");
        assertThat(mongo.template().getCollection("products").find().first().get("available"))
                .isEqualTo(20L);
    }

    @Test
    void aRebuildWritesIntoTheGenerationItBuildsWhileQueriesReadTheServingOne() {
        writer.write(
                ProductView.class,
                bulk -> bulk.upsert(query(where("_id").is("SERVED")), new Update().set("name", "a")));
        collections.startBuilding(CATALOG);

        inABatchOf(CATALOG, () -> {
            writer.write(
                    ProductView.class,
                    bulk -> bulk.upsert(query(where("_id").is("REBUILT")), new Update().set("name", "b")));
            assertThat(collections.target(ProductView.class)).isEqualTo("products_g1");
        });
        writer.write(
                ProductView.class,
                bulk -> bulk.upsert(query(where("_id").is("RETRIED")), new Update().set("name", "c")));

        assertThat(collections.serving(ProductView.class)).isEqualTo("products");
        assertThat(ids("products"))
                .as("outside the processor: the serving generation")
                .containsExactlyInAnyOrder("SERVED", "RETRIED");
        assertThat(ids("products_g1")).containsExactly("REBUILT");
        assertThat(collections.finishBuilding(CATALOG)).isTrue();
        assertThat(collections.serving(ProductView.class)).isEqualTo("products_g1");
        writer.write(
                ProductView.class, bulk -> bulk.upsert(query(where("_id").is("AFTER")), new Update().set("name", "d")));
        assertThat(ids("products_g1")).containsExactlyInAnyOrder("REBUILT", "AFTER");
    }

    @Test
    void aViewOfNoDeclaredProjectionHasNoCollection() {
        assertThatThrownBy(() -> writer.updateIfNewer("x", 1, new Update().set("name", "x"), String.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not the view of a declared projection");
    }

    private static OrderView order(String id, long version) {
        return new OrderView(
                id,
                "c1",
                OrderStatus.PLACED,
                List.of(),
                new Money(100, "EUR"),
                null,
                AT,
                AT,
                List.of(),
                version,
                null,
                null);
    }

    private static CustomerOrderEntry entry(String id, long version) {
        return new CustomerOrderEntry(id, "c1", AT, OrderStatus.PLACED, new Money(100, "EUR"), 0, version);
    }

    /** Runs {@code work} as the processor of {@code projection} handles a batch, and commits it. */
    private static void inABatchOf(String projection, Runnable work) {
        DefaultUnitOfWork<EventMessage<?>> unitOfWork =
                DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
        try {
            ProjectionCollections.writerMark(projection).handle(unitOfWork, () -> {
                work.run();
                return null;
            });
        } catch (Exception e) {
            unitOfWork.rollback(e);
            throw new AssertionError(e);
        }
        unitOfWork.commit();
    }

    private List<String> ids(String collection) {
        return mongo.template()
                .getCollection(collection)
                .find()
                .map(document -> document.getString("_id"))
                .into(new ArrayList<>());
    }
}
