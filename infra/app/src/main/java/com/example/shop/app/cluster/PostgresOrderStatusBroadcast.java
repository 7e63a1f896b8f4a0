package com.example.shop.app.cluster;

import com.example.shop.order.OrderStatusQuery;
import com.example.shop.order.OrderStatusUpdate;
import com.example.shop.query.order.OrderStatusBroadcast;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.springframework.stereotype.Component;

/**
 * Carries the orders projection's announcements to every node ({@link PostgresChannels}). Announced inside the
 * projection's transaction, a step is delivered once its token (and so its view) has committed; every node, the
 * writing one included, then tells its own status streams. After a reconnect, each open stream is told its order's
 * current step again, as announcements may have been missed.
 */
@Component
public class PostgresOrderStatusBroadcast implements OrderStatusBroadcast {

    static final String CHANNEL = "shop_order_status";

    private final PostgresChannels channels;
    private final QueryUpdateEmitter updates;
    private final QueryGateway queries;
    private final OrderStatusBroadcast local;
    private final ObjectMapper json;

    public PostgresOrderStatusBroadcast(
            PostgresChannels channels, QueryUpdateEmitter updates, QueryGateway queries, ObjectMapper json) {
        this.channels = channels;
        this.updates = updates;
        this.queries = queries;
        this.local = OrderStatusBroadcast.local(updates);
        this.json = json;
        channels.subscribe(CHANNEL, this::tellLocally, this::retell);
    }

    @Override
    public void announce(OrderStatusUpdate update) {
        try {
            channels.send(CHANNEL, json.writeValueAsString(update));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("order status update not writable as JSON", e);
        }
    }

    private void tellLocally(String payload) {
        try {
            local.announce(json.readValue(payload, OrderStatusUpdate.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable order status announcement", e);
        }
    }

    /** Asks the projection's query handler again for every order a stream on this node follows. */
    private void retell() {
        for (SubscriptionQueryMessage<?, ?, ?> subscription : updates.activeSubscriptions()) {
            if (subscription.getPayload() instanceof OrderStatusQuery query) {
                OrderStatusUpdate current =
                        queries.query(query, OrderStatusUpdate.class).join();
                if (current != null) {
                    local.announce(current);
                }
            }
        }
    }
}
