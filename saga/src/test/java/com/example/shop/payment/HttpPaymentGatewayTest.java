package com.example.shop.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.example.shop.money.Money;
import com.example.shop.order.PaymentReversal;
import com.example.shop.provider.ProviderResilience;
import com.example.shop.provider.ProviderSettings;
import com.example.shop.provider.ProviderUnavailableException;
import com.example.shop.simulator.Charge;
import com.example.shop.simulator.Faults;
import com.example.shop.simulator.PaymentGatewaySimulator;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resilient adapter against the simulated gateway over real HTTP: timeouts, retries, breaker, keys. */
class HttpPaymentGatewayTest {

    private static final Money TOTAL = new Money(2500, "EUR");
    /** A call that is answered at all is answered within this, even on a cold JVM on a busy machine. */
    private static final Duration PATIENT = Duration.ofSeconds(10);

    private final PaymentGatewaySimulator simulator = new PaymentGatewaySimulator(0).start();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ProviderResilience resilience = ProviderResilience.reportingTo(meters);
    private final CircuitBreakerRegistry breakers = resilience.breakers();
    private final RetryRegistry retries = resilience.retries();
    private HttpPaymentGateway gateway;

    @BeforeEach
    void connect() {
        gateway = new HttpPaymentGateway(settings(PATIENT), resilience);
    }

    /**
     * Only the timeout test gives the gateway less time than {@link #PATIENT}, and its simulated delay is longer
     * than that timeout: how fast a loaded machine answers changes no outcome.
     */
    private ProviderSettings settings(Duration readTimeout) {
        return new ProviderSettings(
                URI.create(simulator.baseUrl()),
                PATIENT,
                readTimeout,
                3,
                Duration.ofMillis(10),
                10,
                50,
                Duration.ofMillis(500),
                8,
                Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private static final String CARD = "tok_visa_4242";

    private static String key() {
        return "charge-" + UUID.randomUUID();
    }

    @Test
    void capturesAndRepeatsAChargeWithoutChargingTwice() {
        String key = key();
        PaymentGateway.ChargeResult first = gateway.charge(key, "order-1", TOTAL, CARD);
        PaymentGateway.ChargeResult again = gateway.charge(key, "order-1", TOTAL, CARD);

        assertThat(first).isInstanceOf(PaymentGateway.Captured.class).isEqualTo(again);
        assertThat(simulator.capturedCountFor("order-1")).isEqualTo(1);
        assertThat(simulator.ledger())
                .filteredOn(charge -> key.equals(charge.idempotencyKey()))
                .extracting(com.example.shop.simulator.Charge::cardToken)
                .containsExactly(CARD);
        assertThat(meters.get("shop.provider.calls")
                        .tag("operation", "charge")
                        .tag("outcome", "answered")
                        .timer()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void aDeclineIsAnAnswerNotAFailure() {
        simulator.faults(Faults.none().withDeclineRate(1.0));
        assertThat(gateway.charge(key(), "order-2", TOTAL, CARD))
                .isEqualTo(new PaymentGateway.Declined("card declined"));
        assertThat(breakers.circuitBreaker("payment").getMetrics().getNumberOfFailedCalls())
                .isZero();
    }

    @Test
    void aTimeoutAfterTheProviderDidTheWorkIsRetriedWithTheSameKey() {
        HttpPaymentGateway impatient = new HttpPaymentGateway(settings(Duration.ofMillis(500)), resilience);
        simulator.faults(Faults.none().withTimeoutRate(1.0).withTimeoutDelayMs(3000));
        String key = key();
        assertThatThrownBy(() -> impatient.charge(key, "order-3", TOTAL, CARD))
                .isInstanceOf(ProviderUnavailableException.class);
        assertThat(simulator.ledger()).singleElement().satisfies(charge -> {
            assertThat(charge.attempts()).as("three attempts, one key").isEqualTo(3);
            assertThat(charge.status()).isEqualTo(Charge.Status.CAPTURED);
        });
        assertThat(retries.retry("payment").getMetrics().getNumberOfFailedCallsWithRetryAttempt())
                .isEqualTo(1);

        simulator.faults(Faults.none());
        assertThat(gateway.charge(key, "order-3", TOTAL, CARD)).isInstanceOf(PaymentGateway.Captured.class);
        assertThat(simulator.capturedCountFor("order-3")).isEqualTo(1);
    }

    @Test
    void anOutageOpensTheBreakerWhichStopsCallingUntilTheProviderIsBack() {
        simulator.faults(Faults.none().withOutage(true));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> gateway.charge(key(), "order-4", TOTAL, CARD))
                    .isInstanceOf(ProviderUnavailableException.class);
        }
        assertThat(breakers.circuitBreaker("payment").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(meters.get("resilience4j.circuitbreaker.state")
                        .tag("name", "payment")
                        .tag("state", "open")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        long requestsWhileOpen = simulator.requestCount();
        assertThatThrownBy(() -> gateway.charge(key(), "order-4", TOTAL, CARD))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("CircuitBreaker 'payment' is OPEN");
        assertThat(simulator.requestCount()).as("an open breaker does not call").isEqualTo(requestsWhileOpen);

        simulator.faults(Faults.none());
        String key = key();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> gateway.charge(key, "order-4", TOTAL, CARD) instanceof PaymentGateway.Captured);
        assertThat(breakers.circuitBreaker("payment").getState())
                .isIn(CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.CLOSED);
    }

    @Test
    void reversesACaptureAndVoidsACallThatNeverArrived() {
        String captured = key();
        gateway.charge(captured, "order-5", TOTAL, CARD);
        assertThat(gateway.reverse(captured)).isEqualTo(PaymentReversal.REFUNDED);
        assertThat(gateway.reverse(captured)).isEqualTo(PaymentReversal.REFUNDED);

        String neverSent = key();
        assertThat(gateway.reverse(neverSent)).isEqualTo(PaymentReversal.VOIDED);
        assertThat(gateway.charge(neverSent, "order-6", TOTAL, CARD)).isInstanceOf(PaymentGateway.Declined.class);
        assertThat(simulator.capturedCountFor("order-6")).isZero();
    }

    /** Refunds are idempotent by their path: an open breaker, kept open by failing charges, does not hold them. */
    @Test
    void aRefundGoesThroughWhileTheBreakerIsOpenAndRefundsOnce() {
        String captured = key();
        assertThat(gateway.charge(captured, "order-7", TOTAL, CARD)).isInstanceOf(PaymentGateway.Captured.class);
        breakers.circuitBreaker("payment").transitionToForcedOpenState();
        assertThatThrownBy(() -> gateway.charge(key(), "order-8", TOTAL, CARD))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("is FORCED_OPEN");

        assertThat(gateway.reverse(captured)).isEqualTo(PaymentReversal.REFUNDED);
        assertThat(gateway.reverse(captured)).as("repeated: still one refund").isEqualTo(PaymentReversal.REFUNDED);
        assertThat(simulator.ledger())
                .filteredOn(charge -> captured.equals(charge.idempotencyKey()))
                .singleElement()
                .extracting(Charge::status)
                .isEqualTo(Charge.Status.REFUNDED);
        assertThat(breakers.circuitBreaker("payment").getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);

        // failing refunds are retried but not counted in the charges' window
        simulator.faults(Faults.none().withOutage(true));
        breakers.circuitBreaker("payment").transitionToClosedState();
        assertThatThrownBy(() -> gateway.reverse(key())).isInstanceOf(ProviderUnavailableException.class);
        assertThat(breakers.circuitBreaker("payment").getMetrics().getNumberOfFailedCalls())
                .isZero();
        assertThat(retries.retry("payment-compensation").getMetrics().getNumberOfFailedCallsWithRetryAttempt())
                .isEqualTo(1);
    }
}
