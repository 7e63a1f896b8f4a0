package com.example.shop.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.inventory.ReleaseStockCommand;
import com.example.shop.inventory.ReserveStockCommand;
import com.example.shop.money.Money;
import com.example.shop.order.OrderLine;
import com.example.shop.order.RecordStockReleasedCommand;
import com.example.shop.order.RecordStockReservedCommand;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.Test;

/** The actions' lanes: what may run beside what for one order on one node. */
class FulfilmentActionsTest {

    private static final String ORDER = "order-1";
    private static final List<OrderLine> LINES =
            List.of(new OrderLine("SHIRT", "T-shirt", 2, new Money(1999, "EUR"), new Money(3998, "EUR")));

    private final RecordingCommandBus bus = new RecordingCommandBus();
    /** Holds the actions until the test runs them, as a busy pool would. */
    private final Deque<Runnable> queued = new ArrayDeque<>();

    private final FulfilmentActions actions = new FulfilmentActions(
            DefaultCommandGateway.builder().commandBus(bus).build(), null, null, new TestCipher(), queued::add, 4);

    @Test
    void aReleaseDoesNotRunBesideTheOrdersReservationButRunsOnceItIsDone() {
        actions.reserveStock(ORDER, LINES, null);
        actions.releaseStock(ORDER, LINES, null, "cancelled");
        assertThat(queued).hasSize(1); // the release is left to the saga's retry

        queued.poll().run();
        assertThat(payloads())
                .containsExactly(new ReserveStockCommand("SHIRT", ORDER, 2), new RecordStockReservedCommand(ORDER));

        actions.releaseStock(ORDER, LINES, null, "cancelled");
        queued.poll().run();
        assertThat(payloads()).endsWith(new ReleaseStockCommand("SHIRT", ORDER), new RecordStockReleasedCommand(ORDER));
    }

    @Test
    void anotherOrdersStockActionsAreNotHeldBack() {
        actions.reserveStock(ORDER, LINES, null);
        actions.reserveStock("order-2", LINES, null);
        assertThat(queued).hasSize(2);
    }

    private List<Object> payloads() {
        return bus.getDispatchedCommands().stream()
                .map(command -> (Object) command.getPayload())
                .toList();
    }
}
