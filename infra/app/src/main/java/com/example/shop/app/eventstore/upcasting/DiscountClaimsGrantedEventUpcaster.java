package com.example.shop.app.eventstore.upcasting;

import com.example.shop.campaign.DiscountClaimsGrantedEvent;
import com.example.shop.platform.AuditContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * {@link DiscountClaimsGrantedEvent} revision 1 did not say who claimed each grant: only the event's
 * metadata did, naming the batch that decided them all. Revision 2 grants carry a principal and a
 * correlation id each; an old grant gets the batch's, which is all that was recorded.
 */
@Component
public class DiscountClaimsGrantedEventUpcaster extends SingleEventUpcaster {

    private static final SerializedType REVISION_1 =
            new SimpleSerializedType(DiscountClaimsGrantedEvent.class.getName(), "1");
    private static final SerializedType REVISION_2 =
            new SimpleSerializedType(DiscountClaimsGrantedEvent.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return event.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        MetaData batch = event.getMetaData().getObject();
        String principal = text(batch.get(AuditContext.PRINCIPAL));
        String correlationId = text(batch.get(AuditContext.CORRELATION_ID));
        return event.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            for (JsonNode grant : payload.path("grants")) {
                ((ObjectNode) grant).put("principal", principal).put("correlationId", correlationId);
            }
            return payload;
        });
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
