package com.example.shop.query.projection;

import com.example.shop.query.order.CustomerOrderEntry;
import com.example.shop.query.order.OrderView;
import com.example.shop.query.support.InProcessMongo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionedWritesTest {

    private final InProcessMongo mongo = new InProcessMongo();
    private final VersionedWrites writes = new VersionedWrites(mongo.template());

    @AfterEach
    void close() {
        mongo.close();
    }

    /** A mirror's writes may be repeated after a failed batch: a push or an increment would count twice. */
    @Test
    void aMirrorTakesPlainSetsOnly() {
        assertThatThrownBy(() -> writes.updateIfNewer("o1", 1, new Update().set("status", "PAID"), OrderView.class,
                CustomerOrderEntry.class, new Update().inc("steps", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain sets only");
    }
}
