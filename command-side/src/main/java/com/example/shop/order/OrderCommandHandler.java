package com.example.shop.order;

import com.example.shop.campaign.CampaignDiscounts;
import com.example.shop.catalog.CatalogPrice;
import com.example.shop.catalog.PriceList;
import com.example.shop.catalog.UnknownProductException;
import com.example.shop.common.DomainRuleViolation;
import com.example.shop.inventory.Inventory;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places orders and moves them along on behalf of the fulfilment saga (or the customer, for a cancel).
 * An order's events and the stock movements they imply are written in one unit of work: an order that
 * cannot be fully reserved reserves nothing, and an order that fails or is cancelled releases all it held.
 */
@Component
public class OrderCommandHandler {

    private final Repository<Order> orderRepository;
    private final PriceList priceList;
    private final Inventory inventory;
    private final CampaignDiscounts campaignDiscounts;

    public OrderCommandHandler(Repository<Order> orderRepository, PriceList priceList, Inventory inventory,
                               CampaignDiscounts campaignDiscounts) {
        this.orderRepository = orderRepository;
        this.priceList = priceList;
        this.inventory = inventory;
        this.campaignDiscounts = campaignDiscounts;
    }

    @CommandHandler
    public String handle(PlaceOrderCommand command) throws Exception {
        Order.checkShape(command);
        // products are loaded (and locked) in SKU order, as stock is: two orders never wait on each other
        Map<String, OrderLine> pricedBySku = new TreeMap<>();
        command.lines().stream().sorted(Comparator.comparing(OrderLineRequest::sku))
                .forEach(line -> pricedBySku.put(line.sku(), price(line, command.currency())));
        List<OrderLine> priced = command.lines().stream().map(line -> pricedBySku.get(line.sku())).toList();
        OrderDiscountTerms discount = discountTerms(command);
        orderRepository.newInstance(() -> new Order(command.orderId(), command.customerId(), priced, discount,
                command.personalData()));
        return command.orderId();
    }

    @CommandHandler
    public void handle(ReserveOrderStockCommand command) {
        Aggregate<Order> order = load(command.orderId());
        if (!order.invoke(Order::needsStock)) {
            return;
        }
        Map<String, Long> quantities = new LinkedHashMap<>();
        order.invoke(Order::lines).forEach(line -> quantities.put(line.sku(), line.quantity()));
        inventory.reserve(command.orderId(), quantities);
        OrderDiscount discount = order.invoke(Order::discount);
        if (discount != null) {
            campaignDiscounts.consume(discount.campaignId(), discount.claimId(), command.orderId());
        }
        order.execute(Order::stockReserved);
    }

    @CommandHandler
    public void handle(RecordPaymentCommand command) {
        load(command.orderId()).execute(o -> o.paid(command.paymentId(), command.amount()));
    }

    @CommandHandler
    public void handle(ShipOrderCommand command) {
        Aggregate<Order> order = load(command.orderId());
        if (order.invoke(o -> o.ship(command.shipmentId()))) {
            inventory.commit(command.orderId(), order.invoke(Order::skus));
        }
    }

    @CommandHandler
    public void handle(CancelOrderCommand command) {
        Aggregate<Order> order = load(command.orderId());
        if (!order.invoke(o -> o.visibleTo(command.requestedBy()))) {
            throw new OrderNotFoundException(command.orderId());
        }
        String reason = command.reason() == null ? "cancelled by customer" : command.reason();
        boolean held = order.invoke(Order::holdsReservation);
        order.execute(o -> o.cancel(reason));
        releaseReservation(order, held, reason);
    }

    @CommandHandler
    public void handle(FailOrderCommand command) {
        Aggregate<Order> order = load(command.orderId());
        boolean held = order.invoke(Order::holdsReservation);
        if (order.invoke(o -> o.fail(command.reason()))) {
            releaseReservation(order, held, command.reason());
        }
    }

    private void releaseReservation(Aggregate<Order> order, boolean held, String reason) {
        if (!held) {
            return;
        }
        String orderId = order.identifierAsString();
        inventory.release(orderId, order.invoke(Order::skus));
        OrderDiscount discount = order.invoke(Order::discount);
        if (discount != null) {
            campaignDiscounts.release(discount.campaignId(), discount.claimId(), orderId, reason);
        }
    }

    @CommandHandler
    public void handle(RecordPaymentReversalCommand command) {
        load(command.orderId()).execute(o -> o.paymentReversed(command.reversal()));
    }

    private OrderDiscountTerms discountTerms(PlaceOrderCommand command) {
        DiscountClaimRef claim = command.discountClaim();
        if (claim == null) {
            return null;
        }
        int percent = campaignDiscounts.percentFor(claim.campaignId(), claim.claimId(), command.customerId());
        return new OrderDiscountTerms(claim.campaignId(), claim.claimId(), percent);
    }

    private OrderLine price(OrderLineRequest line, String currency) {
        CatalogPrice catalogPrice = priceList.priceOf(line.sku())
                .orElseThrow(() -> new UnknownProductException(line.sku(), DomainRuleViolation.Category.UNPROCESSABLE));
        if (!catalogPrice.price().currency().equals(currency)) {
            throw new CurrencyMismatchException(line.sku(), catalogPrice.price().currency(), currency);
        }
        return new OrderLine(line.sku(), catalogPrice.name(), line.quantity(), catalogPrice.price(),
                catalogPrice.price().times(line.quantity()));
    }

    private Aggregate<Order> load(String orderId) {
        try {
            return orderRepository.load(orderId);
        } catch (AggregateNotFoundException e) {
            throw new OrderNotFoundException(orderId);
        }
    }
}
