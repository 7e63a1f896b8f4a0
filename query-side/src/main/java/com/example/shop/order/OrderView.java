package com.example.shop.order;

import com.example.shop.common.Money;
import com.fasterxml.jackson.annotation.JsonIgnore;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * One order with its lines, its total (after the discount, if it used one) and the history of its status.
 * {@code version} is the last event's sequence number. {@code personalData} stays sealed in the read model
 * too; {@link OrderQueryController} opens it for the answer.
 */
// the collection of the generation this thread reads or builds (ProjectionCollections)
@Document("#{@projectionCollections.name('" + OrderProjection.GROUP + "', '" + OrderView.COLLECTION + "')}")
public record OrderView(@Id String orderId, String customerId, OrderStatus status, List<OrderLine> lines,
                        Money total, OrderDiscount discount, Instant placedAt, Instant updatedAt,
                        List<StatusChange> history, long version, @JsonIgnore OrderPersonalData personalData) {

    /** The collection's name in the first generation; a rebuild adds a suffix ({@code _g1}, ...). */
    public static final String COLLECTION = "orders";

    public record StatusChange(OrderStatus status, Instant at, String reason) {
    }
}
