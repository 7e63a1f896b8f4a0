package com.example.shop.query.order;

import com.example.shop.money.Money;
import com.example.shop.order.OrderDiscount;
import com.example.shop.order.OrderLine;
import com.example.shop.order.OrderPersonalData;
import com.example.shop.order.OrderRefund;
import com.example.shop.order.OrderStatus;
import com.example.shop.order.PaymentReversal;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One order with its lines, its total (after the discount, if it used one) and the history of its status.
 * {@code version} is the last event's sequence number. {@code personalData} stays sealed in the read model
 * too; {@link OrderQueryController} opens it for the answer. {@code reversal} is how and when the payment
 * of an ended order went back; {@link #refund()} tells from it and the history whether that is still due.
 */
// generation 0's name: queries and writes find their generation through ProjectionCollections
@Document(OrderView.COLLECTION)
public record OrderView(
        @Id String orderId,
        String customerId,
        OrderStatus status,
        List<OrderLine> lines,
        Money total,
        OrderDiscount discount,
        Instant placedAt,
        Instant updatedAt,
        List<StatusChange> history,
        long version,
        @JsonIgnore OrderPersonalData personalData,
        @JsonIgnore Reversal reversal) {

    /** The collection's name in the first generation; a rebuild adds a suffix ({@code _g1}, ...). */
    public static final String COLLECTION = "orders";

    public record StatusChange(OrderStatus status, Instant at, String reason) {}

    public record Reversal(PaymentReversal kind, Instant at) {}

    /** The history's note of a reversal (also how documents from before {@code reversal} existed show one). */
    static final String REFUNDED_NOTE = "payment refunded";

    static final String VOIDED_NOTE = "payment voided";

    /**
     * Null unless the order ended (cancelled, failed) after its payment was started (stock reserved: the
     * saga then charges, and on the order's end it refunds or voids the charge); then PENDING until the
     * reversal is recorded.
     */
    public OrderRefund refund() {
        if ((status != OrderStatus.CANCELLED && status != OrderStatus.FAILED)
                || history == null
                || history.stream().noneMatch(change -> change.status() == OrderStatus.STOCK_RESERVED)) {
            return null;
        }
        int end = 0;
        while (end < history.size() && history.get(end).status() != status) {
            end++;
        }
        if (end == history.size()) {
            return null;
        }
        Instant endedAt = history.get(end).at();
        if (reversal != null) {
            return OrderRefund.done(reversal.kind(), endedAt, reversal.at());
        }
        return history.subList(end + 1, history.size()).stream()
                .filter(change -> REFUNDED_NOTE.equals(change.reason()) || VOIDED_NOTE.equals(change.reason()))
                .findFirst()
                .map(noted -> OrderRefund.done(
                        REFUNDED_NOTE.equals(noted.reason()) ? PaymentReversal.REFUNDED : PaymentReversal.VOIDED,
                        endedAt,
                        noted.at()))
                .orElse(OrderRefund.pending(endedAt));
    }
}
