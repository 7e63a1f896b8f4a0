package com.example.shop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Stored events of both shapes of {@link StockRestockedEvent} stay readable: revision 1 ({@code quantity})
 * is upcast to revision 2 ({@code added}) on every read, by the audit, projections and the aggregate alike.
 */
class StockRestockedRevisionsIT extends ServiceTest {

    @Test
    void aRevisionOneEventInTheStoreIsReadAsRevisionTwo() {
        String sku = unique("REV");
        assertThat(api.post("/products", Api.product(sku, 100, "EUR", 3)).status())
                .isEqualTo(201);
        assertThat(api.post("/products/" + sku + "/restock", "{\"quantity\":2}").status())
                .isEqualTo(202);
        String stream = "stock:" + sku;
        storeRevisionOneRestock(stream, 2, 4, 9);

        JsonNode history =
                api.get("/admin/audit/aggregates/" + stream + "/events").json().path("events");
        assertThat(history).hasSize(3);
        JsonNode written = history.get(1).path("payload");
        assertThat(written.path("added").asLong()).as("revision 2 as written").isEqualTo(2);
        JsonNode upcast = history.get(2).path("payload");
        assertThat(upcast.path("added").asLong()).as("revision 1, upcast").isEqualTo(4);
        assertThat(upcast.has("quantity")).isFalse();
        assertThat(upcast.path("available").asLong()).isEqualTo(9);

        JsonNode state = api.get("/admin/audit/aggregates/" + stream + "/state?sequence=2")
                .json();
        assertThat(state.path("state").path("available").asLong()).isEqualTo(9);
    }

    private void storeRevisionOneRestock(String stream, long sequence, long quantity, long available) {
        String sku = stream.substring("stock:".length());
        String payload = """
                {"sku":"%s","quantity":%d,"available":%d,"reserved":0}""".formatted(sku, quantity, available);
        jdbc.sql("""
                        insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                            time_stamp, payload_type, payload_revision, payload, meta_data)
                        values (:id, :stream, :sequence, 'Stock', :at, :type, '1', :payload, :metadata)""")
                .param("id", UUID.randomUUID().toString())
                .param("stream", stream)
                .param("sequence", sequence)
                .param("at", Instant.now().toString())
                .param("type", StockRestockedEvent.class.getName())
                .param("payload", payload.getBytes(StandardCharsets.UTF_8))
                .param("metadata", "{}".getBytes(StandardCharsets.UTF_8))
                .update();
    }
}
