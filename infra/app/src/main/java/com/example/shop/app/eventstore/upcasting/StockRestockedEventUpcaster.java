package com.example.shop.app.eventstore.upcasting;

import com.example.shop.inventory.StockRestockedEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/** {@link StockRestockedEvent} revision 1 called the amount restocked {@code quantity}; revision 2 calls it {@code added}. */
@Component
public class StockRestockedEventUpcaster extends SingleEventUpcaster {

    private static final SerializedType REVISION_1 = new SimpleSerializedType(StockRestockedEvent.class.getName(), "1");
    private static final SerializedType REVISION_2 = new SimpleSerializedType(StockRestockedEvent.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return event.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ObjectNode fields = (ObjectNode) payload;
            fields.set("added", fields.remove("quantity"));
            return fields;
        });
    }
}
