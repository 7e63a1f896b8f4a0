package com.example.shop.query.catalog;

import static org.springframework.data.mongodb.core.query.Query.query;

import com.example.shop.catalog.ProductRegisteredEvent;
import com.example.shop.inventory.StockCreatedEvent;
import com.example.shop.inventory.StockLevelChanged;
import com.example.shop.query.projection.ProjectionCollections;
import com.example.shop.query.projection.ProjectionWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Builds the product catalog view. Every write is an idempotent set, never an increment. */
@Component
@ProcessingGroup(ProductProjection.GROUP)
public class ProductProjection {

    public static final String GROUP = "product-catalog";

    private final ProjectionCollections collections;
    private final ProjectionWriter writes;

    public ProductProjection(ProjectionCollections collections, ProjectionWriter writes) {
        this.collections = collections;
        collections.declare(GROUP, ProductView.class);
        this.writes = writes;
    }

    @EventHandler
    void on(ProductRegisteredEvent event) {
        ensureExists(event.sku());
        writes.write(
                ProductView.class,
                bulk -> bulk.updateOne(
                        query(Criteria.where("_id").is(event.sku())),
                        new Update()
                                .set("name", event.name())
                                .set("price", event.price())
                                .set("registeredAt", event.registeredAt())));
    }

    @EventHandler
    void on(StockCreatedEvent event, @SequenceNumber long sequence) {
        setLevels(event.sku(), event.available(), 0, sequence);
    }

    /** Restocked, reserved, released and committed all state the levels they leave behind. */
    @EventHandler
    void on(StockLevelChanged event, @SequenceNumber long sequence) {
        setLevels(event.sku(), event.available(), event.reserved(), sequence);
    }

    /** A rebuild writes a fresh, empty generation while queries go on reading the current one. */
    @ResetHandler
    void reset() {
        collections.startBuilding(GROUP);
    }

    private void setLevels(String sku, long available, long reserved, long sequence) {
        ensureExists(sku);
        writes.writeLatest(
                ProductView.class,
                "levels/" + sku,
                bulk -> bulk.updateOne(
                        query(Criteria.where("_id").is(sku).and("stockVersion").lt(sequence)),
                        new Update()
                                .set("available", available)
                                .set("reserved", reserved)
                                .set("stockVersion", sequence)));
    }

    /** Product and stock events may arrive in any order; whichever comes first creates the document. */
    private void ensureExists(String sku) {
        writes.writeLatest(
                ProductView.class,
                "exists/" + sku,
                bulk -> bulk.upsert(
                        query(Criteria.where("_id").is(sku)),
                        new Update()
                                .setOnInsert("stockVersion", -1L)
                                .setOnInsert("available", 0L)
                                .setOnInsert("reserved", 0L)));
    }
}
