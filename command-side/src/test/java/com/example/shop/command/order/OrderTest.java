package com.example.shop.command.order;

import static com.example.shop.command.tuning.RuleViolations.invalidCommand;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.campaign.ClaimStateException;
import com.example.shop.catalog.UnknownProductException;
import com.example.shop.command.catalog.CatalogPrice;
import com.example.shop.command.catalog.PriceList;
import com.example.shop.money.Money;
import com.example.shop.order.CancelOrderCommand;
import com.example.shop.order.CurrencyMismatchException;
import com.example.shop.order.DiscountClaimRef;
import com.example.shop.order.FailOrderCommand;
import com.example.shop.order.OrderCancelledEvent;
import com.example.shop.order.OrderDiscount;
import com.example.shop.order.OrderFailedEvent;
import com.example.shop.order.OrderLine;
import com.example.shop.order.OrderLineRequest;
import com.example.shop.order.OrderNotFoundException;
import com.example.shop.order.OrderPaidEvent;
import com.example.shop.order.OrderPaymentReversedEvent;
import com.example.shop.order.OrderPersonalData;
import com.example.shop.order.OrderPlacedEvent;
import com.example.shop.order.OrderShippedEvent;
import com.example.shop.order.OrderStateException;
import com.example.shop.order.OrderStatus;
import com.example.shop.order.OrderStockCommittedEvent;
import com.example.shop.order.OrderStockReleasedEvent;
import com.example.shop.order.OrderStockReservedEvent;
import com.example.shop.order.PaymentReversal;
import com.example.shop.order.PlaceOrderCommand;
import com.example.shop.order.RecordPaymentCommand;
import com.example.shop.order.RecordPaymentReversalCommand;
import com.example.shop.order.RecordStockCommittedCommand;
import com.example.shop.order.RecordStockReleasedCommand;
import com.example.shop.order.RecordStockReservedCommand;
import com.example.shop.order.ShipOrderCommand;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final String ORDER = "order-1";
    private static final Money SHIRT_PRICE = new Money(1999, "EUR");
    private static final Money MUG_PRICE = new Money(850, "EUR");
    private static final Map<String, CatalogPrice> CATALOG = Map.of(
            "SHIRT", new CatalogPrice("SHIRT", "T-shirt", SHIRT_PRICE),
            "MUG", new CatalogPrice("MUG", "Mug", MUG_PRICE),
            "BOOK-US", new CatalogPrice("BOOK-US", "Book", new Money(1500, "USD")));

    private AggregateTestFixture<Order> fixture;
    private RecordingDiscounts discounts;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
        discounts = new RecordingDiscounts();
        PriceList priceList = sku -> Optional.ofNullable(CATALOG.get(sku));
        fixture.registerInjectableResource(priceList);
        fixture.registerInjectableResource(discounts);
    }

    private Instant now() {
        return fixture.currentTime();
    }

    private static PlaceOrderCommand order(OrderLineRequest... lines) {
        return new PlaceOrderCommand(ORDER, "customer-1", "EUR", List.of(lines));
    }

    private OrderPlacedEvent placed() {
        return new OrderPlacedEvent(
                ORDER,
                "customer-1",
                List.of(new OrderLine("SHIRT", "T-shirt", 2, SHIRT_PRICE, new Money(3998, "EUR"))),
                new Money(3998, "EUR"),
                now());
    }

    private static final Money DISCOUNTED_TOTAL = new Money(1999, "EUR");
    private static final OrderDiscount HALF_OFF = new OrderDiscount("bf", "claim-1", 50, new Money(1999, "EUR"));

    private OrderPlacedEvent placedWithDiscount() {
        return new OrderPlacedEvent(
                ORDER,
                "customer-1",
                List.of(new OrderLine("SHIRT", "T-shirt", 2, SHIRT_PRICE, new Money(3998, "EUR"))),
                DISCOUNTED_TOTAL,
                now(),
                HALF_OFF);
    }

    private OrderStockReservedEvent reserved() {
        return new OrderStockReservedEvent(ORDER, now());
    }

    private OrderPaidEvent paid() {
        return new OrderPaidEvent(ORDER, "pay-1", new Money(3998, "EUR"), now());
    }

    @Test
    void placesAnOrderPricedByTheCatalogWithoutTouchingStock() {
        fixture.givenNoPriorActivity()
                .when(order(new OrderLineRequest("SHIRT", 2), new OrderLineRequest("MUG", 3)))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(ORDER)
                .expectEvents(new OrderPlacedEvent(
                        ORDER,
                        "customer-1",
                        List.of(
                                new OrderLine("SHIRT", "T-shirt", 2, SHIRT_PRICE, new Money(3998, "EUR")),
                                new OrderLine("MUG", "Mug", 3, MUG_PRICE, new Money(2550, "EUR"))),
                        new Money(6548, "EUR"),
                        now()));
    }

    @Test
    void pricesTheDiscountOfAClaimIntoTheTotal() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(
                        ORDER,
                        "customer-1",
                        "EUR",
                        List.of(new OrderLineRequest("SHIRT", 2)),
                        new DiscountClaimRef("bf", "claim-1")))
                .expectEvents(placedWithDiscount());
        assertThat(discounts.calls).containsExactly("quote bf/claim-1 for customer-1");
    }

    @Test
    void carriesTheSealedPersonalDataIntoItsEvent() {
        OrderPersonalData sealed = new OrderPersonalData("pii:v1:address", "pii:v1:card");
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(
                        ORDER, "customer-1", "EUR", List.of(new OrderLineRequest("SHIRT", 2)), null, sealed))
                .expectEvents(new OrderPlacedEvent(
                        ORDER,
                        "customer-1",
                        List.of(new OrderLine("SHIRT", "T-shirt", 2, SHIRT_PRICE, new Money(3998, "EUR"))),
                        new Money(3998, "EUR"),
                        now(),
                        null,
                        sealed));
    }

    @Test
    void personalDataCannotEnterAnOrderUnsealed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new OrderPersonalData("742 Evergreen Terrace", "pii:v1:card"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnOrderWhoseClaimCannotBeUsed() {
        discounts.refuseWith = new ClaimStateException("claim-consumed", "bf", "claim-1", "used");
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(
                        ORDER,
                        "customer-1",
                        "EUR",
                        List.of(new OrderLineRequest("SHIRT", 2)),
                        new DiscountClaimRef("bf", "claim-1")))
                .expectException(ClaimStateException.class)
                .expectNoEvents();
    }

    @Test
    void recordsTheReservationTheSagaMadeOnce() {
        fixture.given(placedWithDiscount())
                .when(new RecordStockReservedCommand(ORDER))
                .expectEvents(reserved());
        fixture.given(placedWithDiscount(), reserved())
                .when(new RecordStockReservedCommand(ORDER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anOrderThatEndedRefusesTheReservationSoTheSagaGivesItBack() {
        fixture.given(placed(), new OrderCancelledEvent(ORDER, "changed my mind", now()))
                .when(new RecordStockReservedCommand(ORDER))
                .expectException(OrderStateException.class)
                .expectExceptionMessage("Order order-1 is CANCELLED and cannot become STOCK_RESERVED")
                .expectNoEvents();
    }

    @Test
    void recordsThePaymentOnce() {
        fixture.given(placed(), reserved())
                .when(new RecordPaymentCommand(ORDER, "pay-1", new Money(3998, "EUR")))
                .expectEvents(paid());
        fixture.given(placed(), reserved(), paid())
                .when(new RecordPaymentCommand(ORDER, "pay-1", new Money(3998, "EUR")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesAPaymentOfAnotherAmount() {
        fixture.given(placed(), reserved())
                .when(new RecordPaymentCommand(ORDER, "pay-1", new Money(1, "EUR")))
                .expectException(invalidCommand("payment-amount-mismatch"))
                .expectNoEvents();
    }

    @Test
    void refusesAPaymentForACancelledOrder() {
        fixture.given(placed(), reserved(), new OrderCancelledEvent(ORDER, "payment not settled", now()))
                .when(new RecordPaymentCommand(ORDER, "pay-1", new Money(3998, "EUR")))
                .expectException(OrderStateException.class)
                .expectNoEvents();
    }

    @Test
    void failingAReservedOrderEndsItAndLeavesTheReleaseToTheSaga() {
        fixture.given(placedWithDiscount(), reserved())
                .when(new FailOrderCommand(ORDER, "payment declined: card declined"))
                .expectEvents(new OrderFailedEvent(ORDER, "payment declined: card declined", now()));
    }

    @Test
    void recordsTheReleaseOfAnEndedOrderOnce() {
        OrderFailedEvent failed = new OrderFailedEvent(ORDER, "payment declined", now());
        fixture.given(placedWithDiscount(), reserved(), failed)
                .when(new RecordStockReleasedCommand(ORDER))
                .expectEvents(new OrderStockReleasedEvent(ORDER, now()));
        fixture.given(placedWithDiscount(), reserved(), failed, new OrderStockReleasedEvent(ORDER, now()))
                .when(new RecordStockReleasedCommand(ORDER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesTheReleaseOfAnOrderThatHasNotEnded() {
        fixture.given(placed(), reserved(), paid())
                .when(new RecordStockReleasedCommand(ORDER))
                .expectException(OrderStateException.class)
                .expectNoEvents();
    }

    @Test
    void failingAnEndedOrderChangesNothing() {
        fixture.given(placed(), new OrderCancelledEvent(ORDER, "changed my mind", now()))
                .when(new FailOrderCommand(ORDER, "late"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void recordsAPaymentReversalOnceAndOnlyForAnEndedOrder() {
        fixture.given(placed(), reserved(), paid(), new OrderFailedEvent(ORDER, "shipping failed", now()))
                .when(new RecordPaymentReversalCommand(ORDER, PaymentReversal.REFUNDED))
                .expectEvents(
                        new OrderPaymentReversedEvent(ORDER, OrderStatus.FAILED, PaymentReversal.REFUNDED, now()));
        fixture.given(
                        placed(),
                        reserved(),
                        paid(),
                        new OrderFailedEvent(ORDER, "shipping failed", now()),
                        new OrderPaymentReversedEvent(ORDER, OrderStatus.FAILED, PaymentReversal.REFUNDED, now()))
                .when(new RecordPaymentReversalCommand(ORDER, PaymentReversal.REFUNDED))
                .expectNoEvents();
        fixture.given(placed(), reserved(), paid())
                .when(new RecordPaymentReversalCommand(ORDER, PaymentReversal.REFUNDED))
                .expectException(OrderStateException.class);
    }

    @Test
    void refusesAnOrderWithoutLines() {
        fixture.givenNoPriorActivity()
                .when(order())
                .expectException(invalidCommand("invalid-line-count"))
                .expectNoEvents();
    }

    @Test
    void refusesMoreThanOneHundredLines() {
        OrderLineRequest[] lines = IntStream.range(0, 101)
                .mapToObj(i -> new OrderLineRequest("SKU-" + i, 1))
                .toArray(OrderLineRequest[]::new);
        fixture.givenNoPriorActivity()
                .when(order(lines))
                .expectException(invalidCommand("invalid-line-count"))
                .expectExceptionMessage("an order has 1 to 100 lines, this one has 101")
                .expectNoEvents();
    }

    @Test
    void refusesAQuantityOfZero() {
        fixture.givenNoPriorActivity()
                .when(order(new OrderLineRequest("SHIRT", 0)))
                .expectException(invalidCommand("invalid-quantity"))
                .expectNoEvents();
    }

    @Test
    void refusesAQuantityAboveOneThousand() {
        fixture.givenNoPriorActivity()
                .when(order(new OrderLineRequest("SHIRT", 1001)))
                .expectException(invalidCommand("invalid-quantity"))
                .expectNoEvents();
    }

    @Test
    void refusesTheSameSkuOnTwoLines() {
        fixture.givenNoPriorActivity()
                .when(order(new OrderLineRequest("SHIRT", 1), new OrderLineRequest("SHIRT", 2)))
                .expectException(invalidCommand("duplicate-line"))
                .expectNoEvents();
    }

    @Test
    void refusesAnUnknownCurrency() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ORDER, "customer-1", "EUX", List.of(new OrderLineRequest("SHIRT", 1))))
                .expectException(invalidCommand("invalid-currency"))
                .expectNoEvents();
    }

    @Test
    void refusesAnOrderWithoutCustomer() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ORDER, " ", "EUR", List.of(new OrderLineRequest("SHIRT", 1))))
                .expectException(invalidCommand("invalid-customer"))
                .expectNoEvents();
    }

    @Test
    void refusesAnUnknownProduct() {
        fixture.givenNoPriorActivity()
                .when(order(new OrderLineRequest("SHIRT", 1), new OrderLineRequest("NOPE", 1)))
                .expectException(UnknownProductException.class)
                .expectNoEvents();
    }

    @Test
    void refusesAProductPricedInAnotherCurrency() {
        fixture.givenNoPriorActivity()
                .when(order(new OrderLineRequest("SHIRT", 1), new OrderLineRequest("BOOK-US", 1)))
                .expectException(CurrencyMismatchException.class)
                .expectNoEvents();
    }

    @Test
    void cancelsAPaidOrder() {
        fixture.given(placedWithDiscount(), reserved(), paid())
                .when(new CancelOrderCommand(ORDER, "changed my mind"))
                .expectEvents(new OrderCancelledEvent(ORDER, "changed my mind", now()));
    }

    @Test
    void cancelsAPlacedOrderThatHoldsNothing() {
        fixture.given(placed())
                .when(new CancelOrderCommand(ORDER, null))
                .expectEvents(new OrderCancelledEvent(ORDER, "cancelled by customer", now()));
    }

    @Test
    void aCustomerCancelsTheirOwnOrder() {
        fixture.given(placed())
                .when(new CancelOrderCommand(ORDER, "mine", "customer-1"))
                .expectEvents(new OrderCancelledEvent(ORDER, "mine", now()));
    }

    @Test
    void anotherCustomersOrderIsNotFound() {
        fixture.given(placed(), reserved())
                .when(new CancelOrderCommand(ORDER, "not mine", "customer-2"))
                .expectException(OrderNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void refusesToCancelTwice() {
        fixture.given(placed(), new OrderCancelledEvent(ORDER, "first", now()))
                .when(new CancelOrderCommand(ORDER, "again"))
                .expectException(OrderStateException.class)
                .expectNoEvents();
    }

    @Test
    void refusesToCancelAShippedOrder() {
        fixture.given(placed(), reserved(), paid(), new OrderShippedEvent(ORDER, now(), "shp-1"))
                .when(new CancelOrderCommand(ORDER, "too late"))
                .expectException(OrderStateException.class)
                .expectExceptionMessage("Order order-1 is SHIPPED and cannot become CANCELLED")
                .expectNoEvents();
    }

    @Test
    void refusesToCancelAnUnknownOrder() {
        fixture.givenNoPriorActivity()
                .when(new CancelOrderCommand(ORDER, null))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void shipsAPaidOrderOnce() {
        fixture.given(placed(), reserved(), paid())
                .when(new ShipOrderCommand(ORDER, "shp-1"))
                .expectEvents(new OrderShippedEvent(ORDER, now(), "shp-1"));
        fixture.given(placed(), reserved(), paid(), new OrderShippedEvent(ORDER, now(), "shp-1"))
                .when(new ShipOrderCommand(ORDER, "shp-1"))
                .expectNoEvents();
    }

    @Test
    void recordsTheCommitOfAShippedOrdersStockOnce() {
        OrderShippedEvent shipped = new OrderShippedEvent(ORDER, now(), "shp-1");
        fixture.given(placed(), reserved(), paid(), shipped)
                .when(new RecordStockCommittedCommand(ORDER))
                .expectEvents(new OrderStockCommittedEvent(ORDER, now()));
        fixture.given(placed(), reserved(), paid(), shipped, new OrderStockCommittedEvent(ORDER, now()))
                .when(new RecordStockCommittedCommand(ORDER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesTheCommitOfAnOrderNotShipped() {
        fixture.given(placed(), reserved(), paid())
                .when(new RecordStockCommittedCommand(ORDER))
                .expectException(OrderStateException.class)
                .expectNoEvents();
    }

    @Test
    void refusesToShipAnUnpaidOrder() {
        fixture.given(placed(), reserved())
                .when(new ShipOrderCommand(ORDER, "shp-1"))
                .expectException(OrderStateException.class)
                .expectNoEvents();
    }

    @Test
    void refusesToShipACancelledOrder() {
        fixture.given(placed(), new OrderCancelledEvent(ORDER, "gone", now()))
                .when(new ShipOrderCommand(ORDER, "shp-1"))
                .expectException(OrderStateException.class)
                .expectNoEvents();
    }

    @Test
    void stateMachineAllowsOnlyTheDeclaredTransitions() {
        assertThat(OrderStatus.PLACED.next())
                .containsExactlyInAnyOrder(OrderStatus.STOCK_RESERVED, OrderStatus.CANCELLED, OrderStatus.FAILED);
        assertThat(OrderStatus.PAID.next())
                .containsExactlyInAnyOrder(OrderStatus.SHIPPED, OrderStatus.CANCELLED, OrderStatus.FAILED);
        assertThat(OrderStatus.CANCELLED.isTerminal()).isTrue();
        assertThat(OrderStatus.FAILED.isTerminal()).isTrue();
        assertThat(OrderStatus.SHIPPED.canMoveTo(OrderStatus.CANCELLED)).isFalse();
        assertThat(Collections.disjoint(OrderStatus.PLACED.next(), List.of(OrderStatus.PLACED)))
                .isTrue();
    }
}
