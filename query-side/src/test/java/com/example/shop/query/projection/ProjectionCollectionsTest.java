package com.example.shop.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.shop.query.catalog.ProductView;
import com.example.shop.query.support.InProcessMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

class ProjectionCollectionsTest {

    private static final String CATALOG = "product-catalog";

    private final InProcessMongo mongo = new InProcessMongo();
    private final MongoTemplate template = mongo.template();
    private final ProjectionCollections collections = mongo.collections();

    @AfterEach
    void close() {
        mongo.close();
    }

    ProjectionCollectionsTest() {
        collections.declare(CATALOG, ProductView.class);
    }

    @Test
    void aRebuildWritesAFreshGenerationWhileQueriesReadTheServingOne() throws Exception {
        template.insert(new Document("_id", "SKU-1"), collections.target(ProductView.class));
        assertThat(collections.serving(ProductView.class)).isEqualTo("products");

        collections.startBuilding(CATALOG);
        asTheProcessorOf(
                CATALOG, () -> template.insert(new Document("_id", "SKU-2"), collections.target(ProductView.class)));

        assertThat(collections.isBuilding(CATALOG)).isTrue();
        assertThat(collections.serving(ProductView.class)).as("queries").isEqualTo("products");
        assertThat(collections.building(ProductView.class)).isEqualTo("products_g1");
        assertThat(ids("products")).containsExactly("SKU-1");
        assertThat(ids("products_g1")).containsExactly("SKU-2");
        assertThat(asTheProcessorOf("another-processor", () -> collections.target(ProductView.class)))
                .isEqualTo("products");

        assertThat(collections.finishBuilding(CATALOG)).isTrue();

        assertThat(collections.isBuilding(CATALOG)).isFalse();
        assertThat(collections.serving(ProductView.class)).isEqualTo("products_g1");
        assertThat(asTheProcessorOf(CATALOG, () -> collections.target(ProductView.class)))
                .isEqualTo("products_g1");
        assertThat(template.getCollectionNames()).contains("products_g1").doesNotContain("products");
        assertThat(collections.finishBuilding(CATALOG))
                .as("nothing left to switch")
                .isFalse();
    }

    @Test
    void aRebuildThatNeverFinishedIsStartedAfreshAndAnotherNodeSeesTheSwitch() throws Exception {
        collections.startBuilding(CATALOG);
        asTheProcessorOf(
                CATALOG,
                () -> template.insert(new Document("_id", "HALF-DONE"), collections.target(ProductView.class)));

        collections.startBuilding(CATALOG);

        assertThat(ids("products_g1"))
                .as("the abandoned generation's leftovers")
                .isEmpty();
        ProjectionCollections otherNode = new ProjectionCollections(template.getMongoDatabaseFactory());
        otherNode.declare(CATALOG, ProductView.class);
        assertThat(otherNode.isBuilding(CATALOG)).isTrue();
        assertThat(collections.finishBuilding(CATALOG)).isTrue();
        assertThat(otherNode.finishBuilding(CATALOG))
                .as("switched once, by the first")
                .isFalse();
        otherNode.refresh();
        assertThat(otherNode.serving(ProductView.class)).isEqualTo("products_g1");
    }

    @Test
    void knowsWhenAProjectionIsAtWork() throws Exception {
        assertThat(collections.isProjectionAtWork()).isFalse();
        assertThat(asTheProcessorOf(CATALOG, collections::isProjectionAtWork)).isTrue();
        assertThat(asTheProcessorOf("order-fulfilment", collections::isProjectionAtWork))
                .as("a saga")
                .isFalse();
    }

    /** The name of a later generation is the view's plain name with a suffix, so a view names its plain one. */
    @Test
    void aViewMustNameItsPlainCollection() {
        @org.springframework.data.mongodb.core.mapping.Document("#{@projectionCollections.name('x', 'y')}")
        record Resolved(String id) {}
        assertThatThrownBy(() -> collections.declare("x", Resolved.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain collection");
    }

    /** Runs {@code work} in a unit of work of the given processor, as its event handlers run. */
    private <T> T asTheProcessorOf(String processor, Callable<T> work) throws Exception {
        DefaultUnitOfWork<EventMessage<?>> unitOfWork =
                DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
        try {
            @SuppressWarnings("unchecked") // the chain answers what work answers
            T result = (T) ProjectionCollections.writerMark(processor).handle(unitOfWork, work::call);
            return result;
        } finally {
            unitOfWork.commit();
        }
    }

    private List<String> ids(String collection) {
        return template.getCollection(collection)
                .find()
                .map(document -> document.getString("_id"))
                .into(new ArrayList<>());
    }
}
