package com.example.shop.command.inventory;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.example.shop.inventory.CommitStockCommand;
import com.example.shop.inventory.DeliveryConflictException;
import com.example.shop.inventory.InsufficientStockException;
import com.example.shop.inventory.OpenStockCommand;
import com.example.shop.inventory.ReleaseStockCommand;
import com.example.shop.inventory.ReservationConflictException;
import com.example.shop.inventory.ReserveStockCommand;
import com.example.shop.inventory.RestockCommand;
import com.example.shop.inventory.StockCommittedEvent;
import com.example.shop.inventory.StockCreatedEvent;
import com.example.shop.inventory.StockIds;
import com.example.shop.inventory.StockLevelChanged;
import com.example.shop.inventory.StockReleasedEvent;
import com.example.shop.inventory.StockReservedEvent;
import com.example.shop.inventory.StockRestockedEvent;
import com.example.shop.rules.InvalidCommandException;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The stock of one SKU. Available stock never goes negative, and each order holds at most one
 * reservation, so a repeated reservation of the same order is absorbed instead of counted twice. Likewise a
 * restock of a delivery it applied lately (a feed's redelivery or the sender's duplicate) is absorbed (ADR 0024).
 */
@Aggregate(cache = "stockCache", snapshotTriggerDefinition = "stockSnapshotTrigger")
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Stock {

    /** Upper bound for any single movement, far above real quantities, far below overflow. */
    public static final long MAX_MOVEMENT = 1_000_000_000L;

    /**
     * How many of its latest deliveries a stock remembers, with their quantities. Redeliveries come within minutes
     * and a sender's duplicates within days; a SKU receives far fewer deliveries than this in such a time, while a
     * snapshot of the stock stays small (about 50 bytes a delivery).
     */
    public static final int DELIVERIES_REMEMBERED = 1_000;

    @AggregateIdentifier
    private String stockId;

    private String sku;
    private long available;
    private long reserved;
    private final Map<String, Long> reservationsByOrder = new HashMap<>();
    /** The deliveries applied last and their quantities, oldest first. */
    private final LinkedHashMap<String, Long> recentDeliveries = new LinkedHashMap<>();

    protected Stock() {
        // for event sourcing
    }

    @CommandHandler
    public Stock(OpenStockCommand command) {
        if (command.initialQuantity() < 0 || command.initialQuantity() > MAX_MOVEMENT) {
            throw new InvalidCommandException(
                    "invalid-quantity",
                    "initial stock must be between 0 and " + MAX_MOVEMENT + ", was " + command.initialQuantity(),
                    Map.of("field", "initialStock", "value", command.initialQuantity()));
        }
        apply(new StockCreatedEvent(command.sku(), command.initialQuantity()));
    }

    @CommandHandler
    public void handle(RestockCommand command) {
        InvalidCommandException.requirePositive("quantity", command.quantity(), MAX_MOVEMENT);
        Long applied = command.deliveryId() == null ? null : recentDeliveries.get(command.deliveryId());
        if (applied != null) {
            if (applied == command.quantity()) {
                return;
            }
            throw new DeliveryConflictException(sku, command.deliveryId(), applied, command.quantity());
        }
        long newAvailable = Math.addExact(available, command.quantity());
        apply(new StockRestockedEvent(sku, command.quantity(), newAvailable, reserved, command.deliveryId()));
    }

    @CommandHandler
    public void handle(ReserveStockCommand command) {
        reserve(command.orderId(), command.quantity());
    }

    @CommandHandler
    public void handle(ReleaseStockCommand command) {
        release(command.orderId());
    }

    @CommandHandler
    public void handle(CommitStockCommand command) {
        commit(command.orderId());
    }

    public void reserve(String orderId, long quantity) {
        InvalidCommandException.requirePositive("quantity", quantity, MAX_MOVEMENT);
        Long existing = reservationsByOrder.get(orderId);
        if (existing != null) {
            if (existing == quantity) {
                return;
            }
            throw new ReservationConflictException(
                    sku,
                    orderId,
                    "Order " + orderId + " already holds " + existing + " of " + sku + ", not " + quantity);
        }
        if (quantity > available) {
            throw new InsufficientStockException(sku, quantity, available);
        }
        apply(new StockReservedEvent(sku, orderId, quantity, available - quantity, reserved + quantity));
    }

    /** Releasing an order that holds nothing is a no-op: compensations may run more than once. */
    public void release(String orderId) {
        Long quantity = reservationsByOrder.get(orderId);
        if (quantity == null) {
            return;
        }
        apply(new StockReleasedEvent(sku, orderId, quantity, available + quantity, reserved - quantity));
    }

    public void commit(String orderId) {
        Long quantity = reservationsByOrder.get(orderId);
        if (quantity == null) {
            throw new ReservationConflictException(
                    sku, orderId, "Order " + orderId + " holds no reservation of " + sku);
        }
        apply(new StockCommittedEvent(sku, orderId, quantity, available, reserved - quantity));
    }

    public long available() {
        return available;
    }

    public long reserved() {
        return reserved;
    }

    @EventSourcingHandler
    void on(StockCreatedEvent event) {
        stockId = StockIds.of(event.sku());
        sku = event.sku();
        available = event.available();
    }

    @EventSourcingHandler
    void on(StockRestockedEvent event) {
        levels(event);
        if (event.deliveryId() != null) {
            recentDeliveries.put(event.deliveryId(), event.added());
            if (recentDeliveries.size() > DELIVERIES_REMEMBERED) {
                recentDeliveries.remove(recentDeliveries.keySet().iterator().next());
            }
        }
    }

    @EventSourcingHandler
    void on(StockReservedEvent event) {
        reservationsByOrder.put(event.orderId(), event.quantity());
        levels(event);
    }

    @EventSourcingHandler
    void on(StockReleasedEvent event) {
        reservationsByOrder.remove(event.orderId());
        levels(event);
    }

    @EventSourcingHandler
    void on(StockCommittedEvent event) {
        reservationsByOrder.remove(event.orderId());
        levels(event);
    }

    private void levels(StockLevelChanged event) {
        available = event.available();
        reserved = event.reserved();
    }
}
