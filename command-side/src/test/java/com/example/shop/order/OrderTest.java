package com.example.shop.order;

import com.example.shop.catalog.CatalogPrice;
import com.example.shop.catalog.UnknownProductException;
import com.example.shop.common.InvalidCommandException;
import com.example.shop.common.Money;
import com.example.shop.inventory.InsufficientStockException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class OrderTest {

    private static final String ORDER = "order-1";
    private static final Money SHIRT_PRICE = new Money(1999, "EUR");
    private static final Money MUG_PRICE = new Money(850, "EUR");
    private static final Map<String, CatalogPrice> CATALOG = Map.of(
            "SHIRT", new CatalogPrice("SHIRT", "T-shirt", SHIRT_PRICE),
            "MUG", new CatalogPrice("MUG", "Mug", MUG_PRICE),
            "BOOK-US", new CatalogPrice("BOOK-US", "Book", new Money(1500, "USD")));

    private AggregateTestFixture<Order> fixture;
    private RecordingInventory inventory;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
        inventory = new RecordingInventory();
        fixture.registerAnnotatedCommandHandler(new OrderCommandHandler(fixture.getRepository(),
                sku -> Optional.ofNullable(CATALOG.get(sku)), inventory));
    }

    private Instant now() {
        return fixture.currentTime();
    }

    private static PlaceOrderCommand order(OrderLineRequest... lines) {
        return new PlaceOrderCommand(ORDER, "customer-1", "EUR", List.of(lines));
    }

    private OrderPlacedEvent placed() {
        return new OrderPlacedEvent(ORDER, "customer-1",
                List.of(new OrderLine("SHIRT", "T-shirt", 2, SHIRT_PRICE, new Money(3998, "EUR"))),
                new Money(3998, "EUR"), now());
    }

    @Test
    void placesAnOrderPricedByTheCatalogAndReservesItsLines() {
        fixture.givenNoPriorActivity()
                .when(order(new OrderLineRequest("SHIRT", 2), new OrderLineRequest("MUG", 3)))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(ORDER)
                .expectEvents(new OrderPlacedEvent(ORDER, "customer-1", List.of(
                        new OrderLine("SHIRT", "T-shirt", 2, SHIRT_PRICE, new Money(3998, "EUR")),
                        new OrderLine("MUG", "Mug", 3, MUG_PRICE, new Money(2550, "EUR"))),
                        new Money(6548, "EUR"), now()));
        assertThat(inventory.calls).containsExactly("reserve " + ORDER + " {SHIRT=2, MUG=3}");
    }

    @Test
    void refusesAnOrderWithoutLines() {
        fixture.givenNoPriorActivity()
                .when(order())
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
        assertThat(inventory.calls).isEmpty();
    }

    @Test
    void refusesMoreThanOneHundredLines() {
        OrderLineRequest[] lines = IntStream.range(0, 101)
                .mapToObj(i -> new OrderLineRequest("SKU-" + i, 1)).toArray(OrderLineRequest[]::new);
        fixture.givenNoPriorActivity()
                .when(order(lines))
                .expectException(InvalidCommandException.class)
                .expectExceptionMessage("an order has 1 to 100 lines, this one has 101")
                .expectNoEvents();
    }

    @Test
    void refusesAQuantityOfZero() {
        fixture.givenNoPriorActivity()
                .when(order(new OrderLineRequest("SHIRT", 0)))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void refusesAQuantityAboveOneThousand() {
        fixture.givenNoPriorActivity()
                .when(order(new OrderLineRequest("SHIRT", 1001)))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void refusesTheSameSkuOnTwoLines() {
        fixture.givenNoPriorActivity()
                .when(order(new OrderLineRequest("SHIRT", 1), new OrderLineRequest("SHIRT", 2)))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void refusesAnUnknownCurrency() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ORDER, "customer-1", "EUX", List.of(new OrderLineRequest("SHIRT", 1))))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void refusesAnOrderWithoutCustomer() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ORDER, " ", "EUR", List.of(new OrderLineRequest("SHIRT", 1))))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void refusesAnUnknownProduct() {
        fixture.givenNoPriorActivity()
                .when(order(new OrderLineRequest("SHIRT", 1), new OrderLineRequest("NOPE", 1)))
                .expectException(UnknownProductException.class)
                .expectNoEvents();
        assertThat(inventory.calls).isEmpty();
    }

    @Test
    void refusesAProductPricedInAnotherCurrency() {
        fixture.givenNoPriorActivity()
                .when(order(new OrderLineRequest("SHIRT", 1), new OrderLineRequest("BOOK-US", 1)))
                .expectException(CurrencyMismatchException.class)
                .expectNoEvents();
        assertThat(inventory.calls).isEmpty();
    }

    @Test
    void placesNothingWhenStockCannotBeReserved() {
        inventory.refuseWith = new InsufficientStockException("SHIRT", 2, 1);
        fixture.givenNoPriorActivity()
                .when(order(new OrderLineRequest("SHIRT", 2)))
                .expectException(InsufficientStockException.class)
                .expectNoEvents();
    }

    @Test
    void cancelsAPlacedOrderAndReleasesItsStock() {
        fixture.given(placed())
                .when(new CancelOrderCommand(ORDER, "changed my mind"))
                .expectEvents(new OrderCancelledEvent(ORDER, "changed my mind", now()));
        assertThat(inventory.calls).containsExactly("release " + ORDER + " [SHIRT]");
    }

    @Test
    void refusesToCancelTwice() {
        fixture.given(placed(), new OrderCancelledEvent(ORDER, "first", now()))
                .when(new CancelOrderCommand(ORDER, "again"))
                .expectException(OrderStateException.class)
                .expectNoEvents();
        assertThat(inventory.calls).isEmpty();
    }

    @Test
    void refusesToCancelAShippedOrder() {
        fixture.given(placed(), new OrderShippedEvent(ORDER, now()))
                .when(new CancelOrderCommand(ORDER, "too late"))
                .expectException(OrderStateException.class)
                .expectExceptionMessage("Order order-1 is SHIPPED and cannot become CANCELLED")
                .expectNoEvents();
    }

    @Test
    void refusesToCancelAnUnknownOrder() {
        fixture.givenNoPriorActivity()
                .when(new CancelOrderCommand(ORDER, null))
                .expectException(OrderNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void shipsAPlacedOrderAndCommitsItsStock() {
        fixture.given(placed())
                .when(new ShipOrderCommand(ORDER))
                .expectEvents(new OrderShippedEvent(ORDER, now()));
        assertThat(inventory.calls).containsExactly("commit " + ORDER + " [SHIRT]");
    }

    @Test
    void refusesToShipACancelledOrder() {
        fixture.given(placed(), new OrderCancelledEvent(ORDER, "gone", now()))
                .when(new ShipOrderCommand(ORDER))
                .expectException(OrderStateException.class)
                .expectNoEvents();
        assertThat(inventory.calls).isEmpty();
    }

    @Test
    void stateMachineAllowsOnlyTheDeclaredTransitions() {
        assertThat(OrderStatus.PLACED.next()).containsExactlyInAnyOrder(OrderStatus.CANCELLED, OrderStatus.SHIPPED);
        assertThat(OrderStatus.CANCELLED.isTerminal()).isTrue();
        assertThat(OrderStatus.SHIPPED.canMoveTo(OrderStatus.CANCELLED)).isFalse();
        assertThat(Collections.disjoint(OrderStatus.PLACED.next(), List.of(OrderStatus.PLACED))).isTrue();
    }
}
