package com.example.shop.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.campaign.ClaimStateException;
import com.example.shop.campaign.ConsumeClaimCommand;
import com.example.shop.campaign.ReleaseClaimCommand;
import com.example.shop.inventory.CommitStockCommand;
import com.example.shop.inventory.InsufficientStockException;
import com.example.shop.inventory.ReleaseStockCommand;
import com.example.shop.inventory.ReserveStockCommand;
import com.example.shop.money.Money;
import com.example.shop.order.CancelOrderCommand;
import com.example.shop.order.FailOrderCommand;
import com.example.shop.order.OrderCancelledEvent;
import com.example.shop.order.OrderDiscount;
import com.example.shop.order.OrderFailedEvent;
import com.example.shop.order.OrderLine;
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
import com.example.shop.order.RecordPaymentCommand;
import com.example.shop.order.RecordPaymentReversalCommand;
import com.example.shop.order.RecordStockCommittedCommand;
import com.example.shop.order.RecordStockReleasedCommand;
import com.example.shop.order.RecordStockReservedCommand;
import com.example.shop.order.ShipOrderCommand;
import com.example.shop.order.ShippingAddress;
import com.example.shop.payment.PaymentGateway;
import com.example.shop.provider.ProviderUnavailableException;
import com.example.shop.shipping.ShippingCarrier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every path of the fulfilment saga. Actions run on the test's thread and the providers are scripted, so
 * each outcome shows up as the command the saga's action dispatches; its event is then given back.
 */
class OrderFulfilmentSagaTest {

    private static final String ORDER = "order-1";
    private static final Money TOTAL = new Money(3998, "EUR");
    private static final List<OrderLine> LINES =
            List.of(new OrderLine("SHIRT", "T-shirt", 2, new Money(1999, "EUR"), TOTAL));
    private static final Duration PAYMENT_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration RETRY = Duration.ofSeconds(10);
    private static final FulfilmentSettings SETTINGS =
            new FulfilmentSettings(PAYMENT_TIMEOUT, RETRY, Duration.ofMinutes(2), 0, Duration.ofSeconds(30), 1, 1);

    private final Instant start = Instant.parse("2026-11-26T10:00:00Z");
    private SagaTestFixture<OrderFulfilmentSaga> fixture;
    private ScriptedGateway payments;
    private ScriptedCarrier carrier;
    private TestCipher cipher;
    private final List<String> discardedDeadlines = new ArrayList<>();

    @BeforeEach
    void setUp() {
        payments = new ScriptedGateway();
        carrier = new ScriptedCarrier();
        cipher = new TestCipher();
    }

    /** A fresh saga store for each given-when-then: a fixture keeps its sagas and deadlines between runs. */
    private SagaTestFixture<OrderFulfilmentSaga> fixture() {
        fixture = new SagaTestFixture<>(OrderFulfilmentSaga.class);
        fixture.givenCurrentTime(start);
        DefaultCommandGateway commands = DefaultCommandGateway.builder()
                .commandBus(fixture.getCommandBus())
                .build();
        fixture.registerResource(new FulfilmentActions(commands, payments, carrier, cipher, Runnable::run, 1));
        fixture.registerResource(SETTINGS);
        discardedDeadlines.clear();
        fixture.registerResource((StaleDeadlines) scheduleId -> {
            if (scheduleId != null) { // as the contract says: null is ignored
                discardedDeadlines.add(scheduleId);
            }
        });
        return fixture;
    }

    private Instant now() {
        return start;
    }

    private OrderPlacedEvent placed() {
        return new OrderPlacedEvent(ORDER, "ann", LINES, TOTAL, now());
    }

    private static final ShippingAddress ADDRESS =
            new ShippingAddress("Ann Example", "1 Main Street", null, "10115", "Berlin", "DE");

    private OrderPlacedEvent placedWithPersonalData() {
        return new OrderPlacedEvent(
                ORDER,
                "ann",
                LINES,
                TOTAL,
                now(),
                null,
                new OrderPersonalData(cipher.seal("ann", ADDRESS), cipher.seal("ann", "tok_visa_4242")));
    }

    private OrderStockReservedEvent reserved() {
        return new OrderStockReservedEvent(ORDER, now());
    }

    private OrderPaidEvent paid() {
        return new OrderPaidEvent(ORDER, "pay-1", TOTAL, now());
    }

    private OrderShippedEvent shipped() {
        return new OrderShippedEvent(ORDER, now(), "shp-1");
    }

    private OrderStockReleasedEvent released() {
        return new OrderStockReleasedEvent(ORDER, now());
    }

    private static final ReserveStockCommand RESERVE_SHIRTS = new ReserveStockCommand("SHIRT", ORDER, 2);
    private static final RecordStockReservedCommand RECORD_RESERVED = new RecordStockReservedCommand(ORDER);
    private static final ReleaseStockCommand RELEASE_SHIRTS = new ReleaseStockCommand("SHIRT", ORDER);
    private static final RecordStockReleasedCommand RECORD_RELEASED = new RecordStockReleasedCommand(ORDER);

    @Test
    void happyPathReservesChargesShipsAndEnds() {
        fixture()
                .givenNoPriorActivity()
                .whenPublishingA(placed())
                .expectActiveSagas(1)
                .expectDispatchedCommands(RESERVE_SHIRTS, RECORD_RESERVED)
                .expectScheduledDeadlineWithName(RETRY, OrderFulfilmentSaga.RETRY);

        payments.answers.add(() -> new PaymentGateway.Captured("pay-1"));
        fixture()
                .givenAPublished(placed())
                .whenPublishingA(reserved())
                .expectDispatchedCommands(new RecordPaymentCommand(ORDER, "pay-1", TOTAL))
                .expectScheduledDeadlineWithName(PAYMENT_TIMEOUT, OrderFulfilmentSaga.PAYMENT_DEADLINE);
        assertThat(payments.charges).containsExactly(FulfilmentActions.chargeKey(ORDER));

        carrier.answers.add(() -> new ShippingCarrier.Accepted("shp-1"));
        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .whenPublishingA(paid())
                .expectDispatchedCommands(new ShipOrderCommand(ORDER, "shp-1"));

        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .andThenAPublished(paid())
                .whenPublishingA(shipped())
                .expectActiveSagas(1)
                .expectDispatchedCommands(
                        new CommitStockCommand("SHIRT", ORDER), new RecordStockCommittedCommand(ORDER));

        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .andThenAPublished(paid())
                .andThenAPublished(shipped())
                .whenPublishingA(new OrderStockCommittedEvent(ORDER, now()))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
    }

    @Test
    void theDiscountClaimIsConsumedWithTheStockAndGivenBackWithIt() {
        OrderDiscount discount = new OrderDiscount("bf", "claim-1", 50, new Money(1999, "EUR"));
        OrderPlacedEvent placed = new OrderPlacedEvent(ORDER, "ann", LINES, new Money(1999, "EUR"), now(), discount);
        fixture()
                .givenNoPriorActivity()
                .whenPublishingA(placed)
                .expectDispatchedCommands(
                        RESERVE_SHIRTS, new ConsumeClaimCommand("bf", "claim-1", ORDER), RECORD_RESERVED);

        fixture()
                .givenAPublished(placed)
                .andThenAPublished(reserved())
                .whenPublishingA(new OrderCancelledEvent(ORDER, "changed my mind", now()))
                .expectDispatchedCommands(
                        RELEASE_SHIRTS,
                        new ReleaseClaimCommand("bf", "claim-1", "changed my mind", ORDER),
                        RECORD_RELEASED);
    }

    @Test
    void aClaimAlreadyUsedFailsTheOrder() {
        OrderDiscount discount = new OrderDiscount("bf", "claim-1", 50, new Money(1999, "EUR"));
        SagaTestFixture<OrderFulfilmentSaga> used = fixture();
        used.setCallbackBehavior((command, metaData) -> {
            if (command instanceof ConsumeClaimCommand) {
                throw new ClaimStateException("claim-consumed", "bf", "claim-1", "used by order-0");
            }
            return null;
        });
        used.givenNoPriorActivity()
                .whenPublishingA(new OrderPlacedEvent(ORDER, "ann", LINES, new Money(1999, "EUR"), now(), discount))
                .expectDispatchedCommands(
                        RESERVE_SHIRTS,
                        new ConsumeClaimCommand("bf", "claim-1", ORDER),
                        new FailOrderCommand(ORDER, "used by order-0"));
    }

    @Test
    void anOrderThatEndedWhileItsStockWasReservedIsNotFailedAgain() {
        SagaTestFixture<OrderFulfilmentSaga> ended = fixture();
        ended.setCallbackBehavior((command, metaData) -> {
            if (command instanceof RecordStockReservedCommand) {
                throw new OrderStateException(ORDER, OrderStatus.CANCELLED, OrderStatus.STOCK_RESERVED);
            }
            return null;
        });
        // the order's end, already on its way to the saga, gives the stock back
        ended.givenNoPriorActivity()
                .whenPublishingA(placed())
                .expectDispatchedCommands(RESERVE_SHIRTS, RECORD_RESERVED);
    }

    @Test
    void aShippedOrderLeavesNoArmedDeadlineBehind() {
        payments.answers.add(() -> new PaymentGateway.Captured("pay-1"));
        carrier.answers.add(() -> new ShippingCarrier.Accepted("shp-1"));
        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .andThenAPublished(paid())
                .andThenAPublished(shipped())
                .whenPublishingA(new OrderStockCommittedEvent(ORDER, now()))
                .expectActiveSagas(0);
        // a retry for each of the four steps and the payment deadline: each discarded once it was void
        assertThat(discardedDeadlines).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void theProvidersGetTheCardAndTheAddressOpenedFromTheSealedPersonalData() {
        fixture()
                .givenAPublished(placedWithPersonalData())
                .whenPublishingA(reserved())
                .expectDispatchedCommands(new RecordPaymentCommand(ORDER, "pay-1", TOTAL));
        assertThat(payments.cards).containsExactly("tok_visa_4242");

        fixture()
                .givenAPublished(placedWithPersonalData())
                .andThenAPublished(reserved())
                .whenPublishingA(paid())
                .expectDispatchedCommands(new ShipOrderCommand(ORDER, "shp-1"));
        assertThat(carrier.addresses).containsExactly(ADDRESS);
    }

    @Test
    void anErasedCustomersOrderFailsInsteadOfBeingChargedOrShipped() {
        cipher.erase("ann");
        fixture()
                .givenAPublished(placedWithPersonalData())
                .whenPublishingA(reserved())
                .expectDispatchedCommands(new FailOrderCommand(ORDER, FulfilmentActions.ERASED));
        assertThat(payments.charges).isEmpty();

        fixture()
                .givenAPublished(placedWithPersonalData())
                .andThenAPublished(reserved())
                .whenPublishingA(paid())
                .expectDispatchedCommands(new FailOrderCommand(ORDER, FulfilmentActions.ERASED));
        assertThat(carrier.addresses).isEmpty();
    }

    @Test
    void outOfStockFailsTheOrderWithTheShortLineAndEndsWithoutCallingProviders() {
        SagaTestFixture<OrderFulfilmentSaga> outOfStock = fixture();
        outOfStock.setCallbackBehavior((command, metaData) -> {
            if (command instanceof ReserveStockCommand) {
                throw new InsufficientStockException("SHIRT", 2, 0);
            }
            return null;
        });
        outOfStock
                .givenNoPriorActivity()
                .whenPublishingA(placed())
                .expectDispatchedCommands(
                        RESERVE_SHIRTS, new FailOrderCommand(ORDER, "Only 0 of SHIRT available, 2 requested"));

        OrderFailedEvent failed = new OrderFailedEvent(ORDER, "Only 0 of SHIRT available, 2 requested", now());
        fixture()
                .givenAPublished(placed())
                .whenPublishingA(failed)
                .expectActiveSagas(1)
                .expectDispatchedCommands(RELEASE_SHIRTS, RECORD_RELEASED);

        fixture()
                .givenAPublished(placed())
                .andThenAPublished(failed)
                .whenPublishingA(released())
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
        assertThat(payments.charges).isEmpty();
        assertThat(payments.reversals).isEmpty();
    }

    @Test
    void aShortLineFailsTheOrderAndTheLinesReservedBeforeItAreGivenBack() {
        List<OrderLine> twoLines =
                List.of(LINES.get(0), new OrderLine("MUG", "Mug", 5, new Money(850, "EUR"), new Money(4250, "EUR")));
        OrderPlacedEvent placed = new OrderPlacedEvent(ORDER, "ann", twoLines, new Money(8248, "EUR"), now());
        SagaTestFixture<OrderFulfilmentSaga> partial = fixture();
        partial.setCallbackBehavior((command, metaData) -> {
            if (command instanceof ReserveStockCommand reserve && reserve.sku().equals("MUG")) {
                throw new InsufficientStockException("MUG", 5, 3);
            }
            return null;
        });
        partial.givenNoPriorActivity()
                .whenPublishingA(placed)
                .expectDispatchedCommands(
                        RESERVE_SHIRTS,
                        new ReserveStockCommand("MUG", ORDER, 5),
                        new FailOrderCommand(ORDER, "Only 3 of MUG available, 5 requested"));

        fixture()
                .givenAPublished(placed)
                .whenPublishingA(new OrderFailedEvent(ORDER, "Only 3 of MUG available, 5 requested", now()))
                .expectDispatchedCommands(RELEASE_SHIRTS, new ReleaseStockCommand("MUG", ORDER), RECORD_RELEASED);
    }

    @Test
    void declinedPaymentFailsTheOrderAndVoidsTheCharge() {
        payments.answers.add(() -> new PaymentGateway.Declined("card declined"));
        fixture()
                .givenAPublished(placed())
                .whenPublishingA(reserved())
                .expectDispatchedCommands(new FailOrderCommand(ORDER, "payment declined: card declined"));

        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .andThenAPublished(new OrderFailedEvent(ORDER, "payment declined: card declined", now()))
                .whenPublishingA(released())
                .expectDispatchedCommands(new RecordPaymentReversalCommand(ORDER, PaymentReversal.VOIDED));
        assertThat(payments.reversals).containsExactly(FulfilmentActions.chargeKey(ORDER));

        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .andThenAPublished(new OrderFailedEvent(ORDER, "payment declined: card declined", now()))
                .andThenAPublished(released())
                .whenPublishingA(
                        new OrderPaymentReversedEvent(ORDER, OrderStatus.CANCELLED, PaymentReversal.VOIDED, now()))
                .expectActiveSagas(0);
    }

    @Test
    void paymentTimeoutIsRetriedWithTheSameKeyAndThenSucceeds() {
        payments.answers.add(() -> {
            throw new ProviderUnavailableException("payment", "read timed out", null);
        });
        payments.answers.add(() -> new PaymentGateway.Captured("pay-1"));
        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .whenTimeElapses(RETRY)
                .expectDispatchedCommands(new RecordPaymentCommand(ORDER, "pay-1", TOTAL))
                .expectScheduledDeadlineWithName(RETRY.multipliedBy(2), OrderFulfilmentSaga.RETRY);
        assertThat(payments.charges).hasSize(2).containsOnly(FulfilmentActions.chargeKey(ORDER));
    }

    @Test
    void providerDownParksTheOrderWithGrowingDelaysAndCompletesWhenItReturns() {
        for (int i = 0; i < 4; i++) {
            payments.answers.add(() -> {
                throw new ProviderUnavailableException("payment", "circuit breaker open", null);
            });
        }
        payments.answers.add(() -> new PaymentGateway.Captured("pay-1"));
        // 10 s, 20 s, 40 s, 80 s: four retries later the provider is back, and the order was never failed
        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .whenTimeElapses(Duration.ofSeconds(10 + 20 + 40 + 80))
                .expectDispatchedCommands(new RecordPaymentCommand(ORDER, "pay-1", TOTAL))
                .expectActiveSagas(1);
        assertThat(payments.charges).hasSize(5);
    }

    @Test
    void shippingFailureAfterPaymentRefunds() {
        carrier.answers.add(() -> new ShippingCarrier.Rejected("address not serviceable"));
        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .whenPublishingA(paid())
                .expectDispatchedCommands(new FailOrderCommand(ORDER, "shipping failed: address not serviceable"));

        payments.reversal = PaymentReversal.REFUNDED;
        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .andThenAPublished(paid())
                .whenPublishingA(new OrderFailedEvent(ORDER, "shipping failed: address not serviceable", now()))
                .expectDispatchedCommands(RELEASE_SHIRTS, RECORD_RELEASED);
        assertThat(carrier.cancellations).isEmpty();

        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .andThenAPublished(paid())
                .andThenAPublished(new OrderFailedEvent(ORDER, "shipping failed: address not serviceable", now()))
                .whenPublishingA(released())
                .expectDispatchedCommands(new RecordPaymentReversalCommand(ORDER, PaymentReversal.REFUNDED))
                .expectActiveSagas(1);
        assertThat(carrier.cancellations).containsExactly(FulfilmentActions.shipmentKey(ORDER));
        assertThat(payments.reversals).containsExactly(FulfilmentActions.chargeKey(ORDER));
    }

    /**
     * A paid order is cancelled while the gateway is down: the refund is retried on the saga's deadline with
     * the same charge key, backing off only to the compensation's maximum (30 s here, where a charge would wait
     * up to 2 min), until the gateway answers; the reversal is recorded once, and the saga then ends.
     */
    @Test
    void aRefundWhileTheGatewayIsDownIsRetriedOnItsOwnShorterBackOffUntilItIsRecorded() {
        for (int i = 0; i < 5; i++) {
            payments.reversalAnswers.add(() -> {
                throw new ProviderUnavailableException("payment", "503", null);
            });
        }
        payments.reversalAnswers.add(() -> PaymentReversal.REFUNDED);
        OrderCancelledEvent cancelled = new OrderCancelledEvent(ORDER, "changed my mind", now());
        // the attempt at the cancellation, then retries after 10 s, 20 s, 30 s, 30 s, 30 s: 120 s in all, where
        // the charge's back-off (10, 20, 40, 80, 120) would have taken 270 s
        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .andThenAPublished(paid())
                .andThenAPublished(cancelled)
                .andThenAPublished(released())
                .whenTimeElapses(Duration.ofSeconds(10 + 20 + 30 + 30 + 30))
                .expectDispatchedCommands(new RecordPaymentReversalCommand(ORDER, PaymentReversal.REFUNDED))
                .expectScheduledDeadlineWithName(Duration.ofSeconds(30), OrderFulfilmentSaga.RETRY)
                .expectActiveSagas(1);
        assertThat(payments.reversals).hasSize(6).containsOnly(FulfilmentActions.chargeKey(ORDER));

        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .andThenAPublished(paid())
                .andThenAPublished(cancelled)
                .andThenAPublished(released())
                .whenPublishingA(
                        new OrderPaymentReversedEvent(ORDER, OrderStatus.CANCELLED, PaymentReversal.REFUNDED, now()))
                .expectActiveSagas(0);
    }

    @Test
    void paymentNotSettledBeforeTheDeadlineCancelsTheOrder() {
        for (int i = 0; i < 20; i++) {
            payments.answers.add(() -> {
                throw new ProviderUnavailableException("payment", "503", null);
            });
        }
        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .whenTimeElapses(PAYMENT_TIMEOUT)
                .expectDispatchedCommands(new CancelOrderCommand(ORDER, "payment not settled within PT15M"));

        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .andThenAPublished(new OrderCancelledEvent(ORDER, "payment not settled within PT15M", now()))
                .andThenAPublished(released())
                .whenPublishingA(
                        new OrderPaymentReversedEvent(ORDER, OrderStatus.CANCELLED, PaymentReversal.VOIDED, now()))
                .expectActiveSagas(0);
    }

    @Test
    void aCancellationForThePaymentDeadlineIsRetriedAndWinsOverALateCapture() throws Exception {
        for (int i = 0; i < 20; i++) {
            payments.answers.add(() -> {
                throw new ProviderUnavailableException("payment", "503", null);
            });
        }
        // the first cancellation's outcome is lost; a capture arrives late; the cancellation is sent again
        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .andThenTimeElapses(PAYMENT_TIMEOUT)
                .andThenAPublished(paid())
                .whenTimeElapses(RETRY)
                .expectDispatchedCommands(new CancelOrderCommand(ORDER, "payment not settled within PT15M"))
                .expectActiveSagas(1);
        assertThat(carrier.cancellations).isEmpty();
    }

    @Test
    void customerCancelsMidWayAndTheChargeIsReversed() {
        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .andThenAPublished(new OrderCancelledEvent(ORDER, "changed my mind", now()))
                .whenPublishingA(released())
                .expectDispatchedCommands(new RecordPaymentReversalCommand(ORDER, PaymentReversal.VOIDED))
                .expectActiveSagas(1);
        assertThat(carrier.cancellations).isEmpty();
    }

    @Test
    void customerCancelsBeforeAnythingWasChargedAndTheSagaEnds() {
        fixture()
                .givenAPublished(placed())
                .whenPublishingA(new OrderCancelledEvent(ORDER, "changed my mind", now()))
                .expectDispatchedCommands(RELEASE_SHIRTS, RECORD_RELEASED)
                .expectActiveSagas(1);

        fixture()
                .givenAPublished(placed())
                .andThenAPublished(new OrderCancelledEvent(ORDER, "changed my mind", now()))
                .whenPublishingA(released())
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        assertThat(payments.reversals).isEmpty();
    }

    @Test
    void aRetryArmedForAnEarlierStepDoesNothing() throws Exception {
        // reserved after 4 s: the reservation's retry (due at 10 s) is stale, the charge's is due at 14 s
        fixture()
                .givenAPublished(placed())
                .andThenTimeElapses(Duration.ofSeconds(4))
                .andThenAPublished(reserved())
                .whenTimeElapses(Duration.ofSeconds(7))
                .expectDeadlinesMet(new OrderFulfilmentSaga.RetryDue(1))
                .expectNoDispatchedCommands();
        assertThat(payments.charges).hasSize(1);
    }

    @Test
    void aPaymentDeadlineAfterThePaymentCancelsNothing() {
        fixture()
                .givenAPublished(placed())
                .andThenAPublished(reserved())
                .andThenAPublished(paid())
                .whenTimeElapses(PAYMENT_TIMEOUT)
                .expectActiveSagas(1);
        // only the shipment's own retries ran in those 15 minutes
        assertThat(fixture.getCommandBus().getDispatchedCommands())
                .isNotEmpty()
                .allSatisfy(command -> assertThat(command.getPayload()).isInstanceOf(ShipOrderCommand.class));
    }

    @Test
    void aRetryAfterARestartRepeatsTheStepWhoseOutcomeWasLost() {
        // the first reservation's outcome never came back (the node stopped); the retry sends it again
        fixture()
                .givenAPublished(placed())
                .whenTimeElapses(RETRY)
                .expectDispatchedCommands(RESERVE_SHIRTS, RECORD_RESERVED);
    }

    @Test
    void retryDelaysSpreadWithJitterAndStopGrowingAtTheMaximum() {
        FulfilmentSettings jittered = new FulfilmentSettings(
                PAYMENT_TIMEOUT, RETRY, Duration.ofSeconds(60), 0.2, Duration.ofSeconds(30), 1, 1);
        for (int i = 0; i < 100; i++) {
            assertThat(jittered.retryDelay(0)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
            assertThat(jittered.retryDelay(30)).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(72));
            assertThat(jittered.compensationRetryDelay(30)).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(36));
        }
    }

    /** A payment gateway whose answers are scripted in order; the last answer repeats. */
    static final class ScriptedGateway implements PaymentGateway {
        final Deque<Supplier<ChargeResult>> answers = new ArrayDeque<>();
        final List<String> charges = new ArrayList<>();
        final List<String> cards = new ArrayList<>();
        final List<String> reversals = new ArrayList<>();
        /** Scripted like {@link #answers}; empty: {@link #reversal}. */
        final Deque<Supplier<PaymentReversal>> reversalAnswers = new ArrayDeque<>();

        PaymentReversal reversal = PaymentReversal.VOIDED;

        @Override
        public ChargeResult charge(String idempotencyKey, String orderId, Money amount, String cardToken) {
            charges.add(idempotencyKey);
            if (cardToken != null) {
                cards.add(cardToken);
            }
            Supplier<ChargeResult> answer = answers.size() > 1 ? answers.poll() : answers.peek();
            return answer == null ? new Captured("pay-1") : answer.get();
        }

        @Override
        public PaymentReversal reverse(String chargeKey) {
            reversals.add(chargeKey);
            Supplier<PaymentReversal> answer =
                    reversalAnswers.size() > 1 ? reversalAnswers.poll() : reversalAnswers.peek();
            return answer == null ? reversal : answer.get();
        }
    }

    static final class ScriptedCarrier implements ShippingCarrier {
        final Deque<Supplier<ShipmentResult>> answers = new ArrayDeque<>();
        final List<String> cancellations = new ArrayList<>();
        final List<ShippingAddress> addresses = new ArrayList<>();

        @Override
        public ShipmentResult requestShipment(
                String idempotencyKey, String orderId, List<OrderLine> lines, ShippingAddress address) {
            if (address != null) {
                addresses.add(address);
            }
            Supplier<ShipmentResult> answer = answers.size() > 1 ? answers.poll() : answers.peek();
            return answer == null ? new Accepted("shp-1") : answer.get();
        }

        @Override
        public void cancel(String shipmentKey) {
            cancellations.add(shipmentKey);
        }
    }
}
