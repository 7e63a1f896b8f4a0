package com.example.shop.fulfilment;

import com.example.shop.common.DomainRuleViolation;
import com.example.shop.common.Money;
import com.example.shop.order.CancelOrderCommand;
import com.example.shop.order.FailOrderCommand;
import com.example.shop.order.OrderLine;
import com.example.shop.order.RecordPaymentCommand;
import com.example.shop.order.RecordPaymentReversalCommand;
import com.example.shop.order.ReserveOrderStockCommand;
import com.example.shop.order.ShipOrderCommand;
import com.example.shop.payment.PaymentGateway;
import com.example.shop.shipping.ShippingCarrier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * What the saga does to the world, run off the event processor's thread: a provider call may take
 * seconds, and a command must not run in the saga's own transaction (its failure would roll back the
 * saga's progress). Every outcome comes back to the saga as an event of the order; when there is none
 * (provider down, crash, restart) the saga's retry deadline runs the step again. Every action is
 * therefore safe to repeat: commands are idempotent and provider calls carry idempotency keys.
 */
public class FulfilmentActions {

    private static final Logger log = LoggerFactory.getLogger(FulfilmentActions.class);

    private final CommandGateway commands;
    private final PaymentGateway payments;
    private final ShippingCarrier carrier;
    private final Executor executor;

    public FulfilmentActions(CommandGateway commands, PaymentGateway payments, ShippingCarrier carrier, Executor executor) {
        this.commands = commands;
        this.payments = payments;
        this.carrier = carrier;
        this.executor = executor;
    }

    public static String chargeKey(String orderId) {
        return "charge-" + orderId;
    }

    public static String shipmentKey(String orderId) {
        return "shipment-" + orderId;
    }

    void reserveStock(String orderId) {
        run("reserve stock", orderId, () -> command(orderId, new ReserveOrderStockCommand(orderId), true));
    }

    void charge(String orderId, Money amount) {
        run("charge", orderId, () -> {
            PaymentGateway.ChargeResult result = payments.charge(chargeKey(orderId), orderId, amount);
            if (result instanceof PaymentGateway.Captured captured) {
                command(orderId, new RecordPaymentCommand(orderId, captured.paymentId(), amount), false);
            } else if (result instanceof PaymentGateway.Declined declined) {
                fail(orderId, "payment declined: " + declined.reason());
            }
        });
    }

    void ship(String orderId, List<OrderLine> lines) {
        run("request shipment", orderId, () -> {
            ShippingCarrier.ShipmentResult result = carrier.requestShipment(shipmentKey(orderId), orderId, lines);
            if (result instanceof ShippingCarrier.Accepted accepted) {
                command(orderId, new ShipOrderCommand(orderId, accepted.shipmentId()), false);
            } else if (result instanceof ShippingCarrier.Rejected rejected) {
                fail(orderId, "shipping failed: " + rejected.reason());
            }
        });
    }

    /** Undoes what the outside world holds for an ended order: the shipment first, then the money. */
    void compensate(String orderId, boolean shipmentRequested) {
        run("compensate", orderId, () -> {
            if (shipmentRequested) {
                carrier.cancel(shipmentKey(orderId));
            }
            command(orderId, new RecordPaymentReversalCommand(orderId, payments.reverse(chargeKey(orderId))), false);
        });
    }

    void cancel(String orderId, String reason) {
        run("cancel", orderId, () -> command(orderId, new CancelOrderCommand(orderId, reason), false));
    }

    private void fail(String orderId, String reason) {
        command(orderId, new FailOrderCommand(orderId, reason), false);
    }

    /**
     * A refusal is an outcome: a refused reservation fails the order, any other refusal means the order
     * moved on (cancelled, failed) and the late outcome no longer matters.
     */
    private void command(String orderId, Object command, boolean refusalFailsOrder) {
        try {
            commands.sendAndWait(command);
        } catch (DomainRuleViolation refused) {
            if (refusalFailsOrder) {
                fail(orderId, refused.getMessage());
            } else {
                log.debug("order {}: {} refused: {}", orderId, command.getClass().getSimpleName(), refused.getMessage());
            }
        }
    }

    private void run(String step, String orderId, Runnable action) {
        try {
            executor.execute(() -> {
                try {
                    action.run();
                } catch (ProviderUnavailableException e) {
                    log.info("order {}: {} parked until its retry: {}", orderId, step, e.getMessage());
                } catch (RuntimeException e) {
                    log.warn("order {}: {} failed, will be retried: {}", orderId, step, e.toString());
                }
            });
        } catch (RejectedExecutionException busy) {
            log.warn("order {}: {} not started, the action pool is full; will be retried", orderId, step);
        }
    }
}
