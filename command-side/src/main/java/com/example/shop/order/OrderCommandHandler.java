package com.example.shop.order;

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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places, cancels and ships orders. The order's events and the stock movements they imply are
 * written in one unit of work: an order that cannot be fully reserved leaves nothing behind.
 */
@Component
public class OrderCommandHandler {

    private final Repository<Order> orderRepository;
    private final PriceList priceList;
    private final Inventory inventory;

    public OrderCommandHandler(Repository<Order> orderRepository, PriceList priceList, Inventory inventory) {
        this.orderRepository = orderRepository;
        this.priceList = priceList;
        this.inventory = inventory;
    }

    @CommandHandler
    public String handle(PlaceOrderCommand command) throws Exception {
        Order.checkShape(command);
        List<OrderLine> priced = command.lines().stream().map(line -> price(line, command.currency())).toList();
        Map<String, Long> quantities = new LinkedHashMap<>();
        priced.forEach(line -> quantities.put(line.sku(), line.quantity()));
        inventory.reserve(command.orderId(), quantities);
        orderRepository.newInstance(() -> new Order(command.orderId(), command.customerId(), priced));
        return command.orderId();
    }

    @CommandHandler
    public void handle(CancelOrderCommand command) {
        Aggregate<Order> order = load(command.orderId());
        order.execute(o -> o.cancel(command.reason() == null ? "cancelled by customer" : command.reason()));
        inventory.release(command.orderId(), order.invoke(Order::skus));
    }

    @CommandHandler
    public void handle(ShipOrderCommand command) {
        Aggregate<Order> order = load(command.orderId());
        order.execute(Order::ship);
        inventory.commit(command.orderId(), order.invoke(Order::skus));
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
