package com.example.shop.query.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.catalog.ProductRegisteredEvent;
import com.example.shop.inventory.StockCreatedEvent;
import com.example.shop.inventory.StockRestockedEvent;
import com.example.shop.money.Money;
import com.example.shop.query.support.InProcessMongo;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProductCacheTest {

    private static final ProductRegisteredEvent REGISTERED = new ProductRegisteredEvent(
            "SHIRT", "T-shirt", new Money(1999, "EUR"), Instant.parse("2026-11-20T10:00:00Z"));

    /** Reads of the products collection the driver sent. */
    private final AtomicInteger finds = new AtomicInteger();

    private final InProcessMongo mongo = new InProcessMongo(new CommandListener() {
        @Override
        public void commandStarted(CommandStartedEvent event) {
            if (event.getCommandName().equals("find")) {
                finds.incrementAndGet();
            }
        }
    });
    private final ProductProjection projection = new ProductProjection(mongo.collections(), mongo.writer());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ProductViewCache cache = new ProductViewCache(
            mongo.template(),
            mongo.collections(),
            new ProductCacheSettings(true, 1000, 100, Duration.ofHours(1)),
            meters);
    private final ProductCacheInvalidation invalidation = new ProductCacheInvalidation(cache);

    @AfterEach
    void close() {
        mongo.close();
    }

    /** The projection writes at once outside a unit of work. */
    private void project(Runnable handler) {
        handler.run();
    }

    private void registered() {
        project(() -> projection.on(REGISTERED));
        project(() -> projection.on(new StockCreatedEvent("SHIRT", 10), 0));
    }

    @Test
    void aHitDoesNotReadMongoDb() {
        registered();
        assertThat(cache.product("SHIRT"))
                .get()
                .extracting(ProductView::available)
                .isEqualTo(10L);
        int afterFirstRead = finds.get();

        for (int i = 0; i < 100; i++) {
            assertThat(cache.product("SHIRT"))
                    .get()
                    .extracting(ProductView::available)
                    .isEqualTo(10L);
            assertThat(cache.page(0, 50)).hasSize(1);
        }

        assertThat(finds.get()).isEqualTo(afterFirstRead + 1); // the first page read only
        assertThat(meters.get("cache.gets")
                        .tag("cache", "products")
                        .tag("result", "hit")
                        .functionCounter()
                        .count())
                .isEqualTo(100);
    }

    @Test
    void aStockEventEvictsAndTheNextReadShowsTheProjectedLevel() {
        registered();
        cache.product("SHIRT");
        cache.page(0, 50);

        StockRestockedEvent restocked = new StockRestockedEvent("SHIRT", 5, 15, 0);
        project(() -> projection.on(restocked, 1));
        invalidation.on(restocked, 1);

        assertThat(cache.product("SHIRT"))
                .get()
                .extracting(ProductView::available)
                .isEqualTo(15L);
        assertThat(cache.page(0, 50))
                .singleElement()
                .extracting(ProductView::available)
                .isEqualTo(15L);
    }

    @Test
    void aReadBeforeTheProjectionCaughtUpIsServedButNotKept() {
        registered();
        cache.product("SHIRT");

        StockRestockedEvent restocked = new StockRestockedEvent("SHIRT", 5, 15, 0);
        invalidation.on(restocked, 1); // this node saw the event before the projection wrote it

        assertThat(cache.product("SHIRT"))
                .get()
                .extracting(ProductView::available)
                .isEqualTo(10L);
        assertThat(cache.page(0, 50))
                .singleElement()
                .extracting(ProductView::available)
                .isEqualTo(10L);
        project(() -> projection.on(restocked, 1));

        assertThat(cache.product("SHIRT"))
                .get()
                .extracting(ProductView::available)
                .isEqualTo(15L);
        assertThat(cache.page(0, 50))
                .singleElement()
                .extracting(ProductView::available)
                .isEqualTo(15L);
        int kept = finds.get();
        assertThat(cache.product("SHIRT"))
                .get()
                .extracting(ProductView::available)
                .isEqualTo(15L);
        assertThat(cache.page(0, 50))
                .singleElement()
                .extracting(ProductView::available)
                .isEqualTo(15L);
        assertThat(finds.get()).isEqualTo(kept);
    }

    @Test
    void aNewProductIsListedOnceProjectedAndAStockOnlyDocumentIsNoProduct() {
        project(() -> projection.on(new StockCreatedEvent("SHIRT", 10), 0));
        invalidation.on(new StockCreatedEvent("SHIRT", 10), 0);
        assertThat(cache.product("SHIRT")).isEmpty();
        assertThat(cache.page(0, 50)).hasSize(1);

        invalidation.on(REGISTERED);
        assertThat(cache.product("SHIRT")).isEmpty(); // not projected yet
        project(() -> projection.on(REGISTERED));

        assertThat(cache.product("SHIRT")).get().extracting(ProductView::name).isEqualTo("T-shirt");
        assertThat(cache.page(0, 50))
                .singleElement()
                .extracting(ProductView::name)
                .isEqualTo("T-shirt");
    }

    @Test
    void aFinishedRebuildReplacesEveryEntry() {
        registered();
        assertThat(cache.product("SHIRT")).isPresent();
        assertThat(cache.page(0, 50)).hasSize(1);

        // a rebuild into a fresh generation that (here) never sees the product again
        mongo.collections().startBuilding(ProductProjection.GROUP);
        mongo.collections().finishBuilding(ProductProjection.GROUP);

        assertThat(cache.product("SHIRT")).isEmpty();
        assertThat(cache.page(0, 50)).isEmpty();
    }
}
