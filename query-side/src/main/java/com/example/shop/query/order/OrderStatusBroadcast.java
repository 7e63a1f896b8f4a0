package com.example.shop.query.order;

import com.example.shop.order.OrderStatusQuery;
import com.example.shop.order.OrderStatusUpdate;
import org.axonframework.queryhandling.QueryUpdateEmitter;

/**
 * Where the orders projection announces an order's new step. The projection runs on the node that claims the
 * order's segment; a customer's status stream may be open on any node, so the announcement must reach every
 * node's subscribers, not only those of the JVM that wrote the view.
 */
public interface OrderStatusBroadcast {

    void announce(OrderStatusUpdate update);

    /** Tells the status streams open on this node (an Axon subscription query's update). */
    static OrderStatusBroadcast local(QueryUpdateEmitter updates) {
        return update ->
                updates.emit(OrderStatusQuery.class, query -> query.orderId().equals(update.orderId()), update);
    }
}
