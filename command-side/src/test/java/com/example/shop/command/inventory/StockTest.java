package com.example.shop.command.inventory;

import static com.example.shop.command.tuning.RuleViolations.invalidCommand;
import static com.example.shop.command.tuning.RuleViolations.violation;

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
import com.example.shop.inventory.StockReleasedEvent;
import com.example.shop.inventory.StockReservedEvent;
import com.example.shop.inventory.StockRestockedEvent;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StockTest {

    private static final String SKU = "SKU-1";

    private AggregateTestFixture<Stock> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Stock.class);
    }

    @Test
    void opensStockWithItsInitialQuantity() {
        fixture.givenNoPriorActivity()
                .when(new OpenStockCommand(SKU, 10))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new StockCreatedEvent(SKU, 10));
    }

    @Test
    void opensStockAtZero() {
        fixture.givenNoPriorActivity().when(new OpenStockCommand(SKU, 0)).expectEvents(new StockCreatedEvent(SKU, 0));
    }

    @Test
    void refusesNegativeInitialStock() {
        fixture.givenNoPriorActivity()
                .when(new OpenStockCommand(SKU, -1))
                .expectException(invalidCommand("invalid-quantity"))
                .expectNoEvents();
    }

    @Test
    void restockAddsToAvailableAndKeepsReservations() {
        fixture.given(new StockCreatedEvent(SKU, 10), new StockReservedEvent(SKU, "o1", 4, 6, 4))
                .when(new RestockCommand(SKU, 5))
                .expectEvents(new StockRestockedEvent(SKU, 5, 11, 4));
    }

    @Test
    void refusesRestockOfZeroOrLess() {
        fixture.given(new StockCreatedEvent(SKU, 10))
                .when(new RestockCommand(SKU, 0))
                .expectException(invalidCommand("invalid-quantity"))
                .expectNoEvents();
    }

    @Test
    void reserveMovesQuantityFromAvailableToReserved() {
        fixture.given(new StockCreatedEvent(SKU, 10))
                .when(new ReserveStockCommand(SKU, "o1", 3))
                .expectEvents(new StockReservedEvent(SKU, "o1", 3, 7, 3));
    }

    @Test
    void reserveMayTakeTheLastUnit() {
        fixture.given(new StockCreatedEvent(SKU, 3))
                .when(new ReserveStockCommand(SKU, "o1", 3))
                .expectEvents(new StockReservedEvent(SKU, "o1", 3, 0, 3));
    }

    @Test
    void repeatedReservationOfTheSameOrderIsAbsorbed() {
        fixture.given(new StockCreatedEvent(SKU, 10), new StockReservedEvent(SKU, "o1", 3, 7, 3))
                .when(new ReserveStockCommand(SKU, "o1", 3))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesASecondReservationOfAnotherQuantityForTheSameOrder() {
        fixture.given(new StockCreatedEvent(SKU, 10), new StockReservedEvent(SKU, "o1", 3, 7, 3))
                .when(new ReserveStockCommand(SKU, "o1", 4))
                .expectException(ReservationConflictException.class)
                .expectNoEvents();
    }

    @Test
    void refusesToReserveMoreThanAvailable() {
        fixture.given(new StockCreatedEvent(SKU, 10), new StockReservedEvent(SKU, "o1", 8, 2, 8))
                .when(new ReserveStockCommand(SKU, "o2", 3))
                .expectException(InsufficientStockException.class)
                .expectExceptionMessage("Only 2 of SKU-1 available, 3 requested")
                .expectNoEvents();
    }

    @Test
    void refusesToReserveZero() {
        fixture.given(new StockCreatedEvent(SKU, 10))
                .when(new ReserveStockCommand(SKU, "o1", 0))
                .expectException(invalidCommand("invalid-quantity"))
                .expectNoEvents();
    }

    @Test
    void releaseGivesTheReservationBack() {
        fixture.given(new StockCreatedEvent(SKU, 10), new StockReservedEvent(SKU, "o1", 3, 7, 3))
                .when(new ReleaseStockCommand(SKU, "o1"))
                .expectEvents(new StockReleasedEvent(SKU, "o1", 3, 10, 0));
    }

    @Test
    void releasingAnOrderWithoutReservationChangesNothing() {
        fixture.given(
                        new StockCreatedEvent(SKU, 10),
                        new StockReservedEvent(SKU, "o1", 3, 7, 3),
                        new StockReleasedEvent(SKU, "o1", 3, 10, 0))
                .when(new ReleaseStockCommand(SKU, "o1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void commitTakesTheReservationOutOfStock() {
        fixture.given(new StockCreatedEvent(SKU, 10), new StockReservedEvent(SKU, "o1", 3, 7, 3))
                .when(new CommitStockCommand(SKU, "o1"))
                .expectEvents(new StockCommittedEvent(SKU, "o1", 3, 7, 0));
    }

    @Test
    void refusesToCommitAnOrderWithoutReservation() {
        fixture.given(new StockCreatedEvent(SKU, 10))
                .when(new CommitStockCommand(SKU, "o1"))
                .expectException(ReservationConflictException.class)
                .expectNoEvents();
    }

    @Test
    void aReleasedOrderMayReserveAgain() {
        fixture.given(
                        new StockCreatedEvent(SKU, 10),
                        new StockReservedEvent(SKU, "o1", 3, 7, 3),
                        new StockReleasedEvent(SKU, "o1", 3, 10, 0))
                .when(new ReserveStockCommand(SKU, "o1", 2))
                .expectEvents(new StockReservedEvent(SKU, "o1", 2, 8, 2));
    }

    @Test
    void aDeliveryIsRecordedWithItsRestock() {
        fixture.given(new StockCreatedEvent(SKU, 10))
                .when(new RestockCommand(SKU, 5, "acme/D-1"))
                .expectEvents(new StockRestockedEvent(SKU, 5, 15, 0, "acme/D-1"));
    }

    @Test
    void aRepeatedDeliveryIsAbsorbed() {
        fixture.given(new StockCreatedEvent(SKU, 10), new StockRestockedEvent(SKU, 5, 15, 0, "acme/D-1"))
                .when(new RestockCommand(SKU, 5, "acme/D-1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anotherDeliveryIsApplied() {
        fixture.given(new StockCreatedEvent(SKU, 10), new StockRestockedEvent(SKU, 5, 15, 0, "acme/D-1"))
                .when(new RestockCommand(SKU, 5, "acme/D-2"))
                .expectEvents(new StockRestockedEvent(SKU, 5, 20, 0, "acme/D-2"));
    }

    @Test
    void refusesARepeatedDeliveryOfAnotherQuantity() {
        fixture.given(new StockCreatedEvent(SKU, 10), new StockRestockedEvent(SKU, 5, 15, 0, "acme/D-1"))
                .when(new RestockCommand(SKU, 6, "acme/D-1"))
                .expectException(violation(DeliveryConflictException.class, "delivery-conflict"))
                .expectNoEvents();
    }

    @Test
    void restocksWithoutADeliveryAlwaysAdd() {
        fixture.given(new StockCreatedEvent(SKU, 10), new StockRestockedEvent(SKU, 5, 15, 0))
                .when(new RestockCommand(SKU, 5))
                .expectEvents(new StockRestockedEvent(SKU, 5, 20, 0));
    }

    @Test
    void aDeliveryIsForgottenOnceEnoughLaterOnesWereApplied() {
        List<Object> history = deliveries(Stock.DELIVERIES_REMEMBERED + 1);
        fixture.given(history)
                .when(new RestockCommand(SKU, 1, "acme/D-0"))
                .expectEvents(new StockRestockedEvent(SKU, 1, 10 + Stock.DELIVERIES_REMEMBERED + 2, 0, "acme/D-0"));
    }

    @Test
    void theLatestDeliveriesAreAllRemembered() {
        List<Object> history = deliveries(Stock.DELIVERIES_REMEMBERED + 1);
        fixture.given(history).when(new RestockCommand(SKU, 1, "acme/D-1")).expectNoEvents();
    }

    /** The stock opened with 10, then {@code count} deliveries of one unit each, D-0 first. */
    private static List<Object> deliveries(int count) {
        List<Object> history = new ArrayList<>();
        history.add(new StockCreatedEvent(SKU, 10));
        for (int i = 0; i < count; i++) {
            history.add(new StockRestockedEvent(SKU, 1, 11 + i, 0, "acme/D-" + i));
        }
        return history;
    }
}
