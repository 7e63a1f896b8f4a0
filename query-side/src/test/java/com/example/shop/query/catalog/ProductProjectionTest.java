package com.example.shop.query.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.catalog.ProductRegisteredEvent;
import com.example.shop.inventory.StockCreatedEvent;
import com.example.shop.inventory.StockReleasedEvent;
import com.example.shop.inventory.StockReservedEvent;
import com.example.shop.money.Money;
import com.example.shop.query.support.InProcessMongo;
import java.time.Instant;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProductProjectionTest {

    private static final ProductRegisteredEvent REGISTERED = new ProductRegisteredEvent(
            "SHIRT", "T-shirt", new Money(1999, "EUR"), Instant.parse("2026-11-20T10:00:00Z"));

    private final InProcessMongo mongo = new InProcessMongo();
    private final ProductProjection projection = new ProductProjection(mongo.collections(), mongo.writer());

    @AfterEach
    void close() {
        mongo.close();
    }

    private ProductView view() {
        return mongo.template().findById("SHIRT", ProductView.class);
    }

    @Test
    void showsCatalogDataAndTheLatestStockLevels() {
        projection.on(REGISTERED);
        projection.on(new StockCreatedEvent("SHIRT", 10), 0);
        projection.on(new StockReservedEvent("SHIRT", "o1", 3, 7, 3), 1);

        assertThat(view())
                .isEqualTo(new ProductView(
                        "SHIRT", "T-shirt", new Money(1999, "EUR"), REGISTERED.registeredAt(), 7, 3, 1));
    }

    @Test
    void stockEventsBeforeTheProductEventStillEndInOneDocument() {
        projection.on(new StockCreatedEvent("SHIRT", 10), 0);
        projection.on(REGISTERED);

        assertThat(view().available()).isEqualTo(10);
        assertThat(view().name()).isEqualTo("T-shirt");
    }

    @Test
    void anOlderOrRepeatedStockEventChangesNothing() {
        projection.on(REGISTERED);
        projection.on(new StockCreatedEvent("SHIRT", 10), 0);
        projection.on(new StockReservedEvent("SHIRT", "o1", 3, 7, 3), 1);
        projection.on(new StockReleasedEvent("SHIRT", "o1", 3, 10, 0), 2);
        Document before = mongo.template().getCollection("products").find().first();

        projection.on(new StockReservedEvent("SHIRT", "o1", 3, 7, 3), 1);
        projection.on(new StockReleasedEvent("SHIRT", "o1", 3, 10, 0), 2);
        projection.on(REGISTERED);

        assertThat(mongo.template().getCollection("products").find().first()).isEqualTo(before);
        assertThat(view().available()).isEqualTo(10);
    }

    @Test
    void insideABatchWritesWaitForTheCommitAndThenLandInOrder() {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        projection.on(new StockCreatedEvent("SHIRT", 10), 0);
        projection.on(REGISTERED);
        projection.on(new StockReservedEvent("SHIRT", "o1", 3, 7, 3), 1);
        projection.on(new StockReleasedEvent("SHIRT", "o1", 3, 10, 0), 2);
        assertThat(view()).as("nothing written before the batch commits").isNull();

        batch.commit();

        assertThat(view())
                .isEqualTo(new ProductView(
                        "SHIRT", "T-shirt", new Money(1999, "EUR"), REGISTERED.registeredAt(), 10, 0, 2));
    }
}
