package com.example.shop.fulfilment;

import com.example.shop.campaign.ConsumeClaimCommand;
import com.example.shop.campaign.ReleaseClaimCommand;
import com.example.shop.inventory.CommitStockCommand;
import com.example.shop.inventory.ReleaseStockCommand;
import com.example.shop.inventory.ReserveStockCommand;
import com.example.shop.money.Money;
import com.example.shop.order.CancelOrderCommand;
import com.example.shop.order.FailOrderCommand;
import com.example.shop.order.OrderDiscount;
import com.example.shop.order.OrderLine;
import com.example.shop.order.OrderPersonalData;
import com.example.shop.order.RecordPaymentCommand;
import com.example.shop.order.RecordPaymentReversalCommand;
import com.example.shop.order.RecordStockCommittedCommand;
import com.example.shop.order.RecordStockReleasedCommand;
import com.example.shop.order.RecordStockReservedCommand;
import com.example.shop.order.ShipOrderCommand;
import com.example.shop.order.ShippingAddress;
import com.example.shop.payment.PaymentGateway;
import com.example.shop.platform.AuditContext;
import com.example.shop.platform.LogContext;
import com.example.shop.privacy.PersonalDataCipher;
import com.example.shop.privacy.UnreadablePersonalDataException;
import com.example.shop.provider.ProviderUnavailableException;
import com.example.shop.rules.DomainRuleViolation;
import com.example.shop.shipping.ShippingCarrier;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the saga does to the world, run off the event processor's thread: a provider call may take
 * seconds, and a command must not run in the saga's own transaction (its failure would roll back the
 * saga's progress). Every outcome comes back to the saga as an event of the order; when there is none
 * (provider down, crash, restart) the saga's retry deadline runs the step again. Every action is
 * therefore safe to repeat: commands are idempotent and provider calls carry idempotency keys.
 */
public class FulfilmentActions {

    private static final Logger log = LoggerFactory.getLogger(FulfilmentActions.class);
    static final String ERASED = "the customer's personal data was erased";
    /**
     * Reserving, releasing and committing an order's stock share one lane: a release that ran beside a slow
     * reservation could give back a line before that reservation took it, and the line would stay held.
     */
    private static final String STOCK_LANE = "stock";

    private final CommandGateway commands;
    private final PaymentGateway payments;
    private final ShippingCarrier carrier;
    private final PersonalDataCipher personalData;
    private final Executor executor;
    private final Semaphore commandPermits;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param maxConcurrentCommands how many of the actions' commands may run at once: each holds a database
     *                              connection, and the web's commands need the pool too
     */
    public FulfilmentActions(
            CommandGateway commands,
            PaymentGateway payments,
            ShippingCarrier carrier,
            PersonalDataCipher personalData,
            Executor executor,
            int maxConcurrentCommands) {
        this.commands = commands;
        this.payments = payments;
        this.carrier = carrier;
        this.personalData = personalData;
        this.executor = executor;
        this.commandPermits = new Semaphore(maxConcurrentCommands);
    }

    public static String chargeKey(String orderId) {
        return "charge-" + orderId;
    }

    public static String shipmentKey(String orderId) {
        return "shipment-" + orderId;
    }

    /**
     * Reserves each line at its own stock and consumes the claim at its campaign, then tells the order. A
     * refusal fails the order; what was reserved until then is given back by {@link #releaseStock}, which
     * the order's end starts. Never runs beside another stock action of the same order on this node.
     */
    void reserveStock(String orderId, List<OrderLine> lines, OrderDiscount discount) {
        run("reserve stock", STOCK_LANE, orderId, step -> {
            for (OrderLine line : lines) {
                if (!step.command(new ReserveStockCommand(line.sku(), orderId, line.quantity()), true)) {
                    return;
                }
            }
            if (discount != null
                    && !step.command(
                            new ConsumeClaimCommand(discount.campaignId(), discount.claimId(), orderId), true)) {
                return;
            }
            step.command(new RecordStockReservedCommand(orderId), false);
        });
    }

    /** Gives back whatever the ended order may hold (each release is a no-op where it holds nothing). */
    void releaseStock(String orderId, List<OrderLine> lines, OrderDiscount discount, String reason) {
        run("release stock", STOCK_LANE, orderId, step -> {
            lines.forEach(line -> step.command(new ReleaseStockCommand(line.sku(), orderId), false));
            if (discount != null) {
                step.command(
                        new ReleaseClaimCommand(discount.campaignId(), discount.claimId(), reason, orderId), false);
            }
            step.command(new RecordStockReleasedCommand(orderId), false);
        });
    }

    /** The shipped order's reservations become goods that left; a line committed before is refused, harmlessly. */
    void commitStock(String orderId, List<OrderLine> lines) {
        run("commit stock", STOCK_LANE, orderId, step -> {
            lines.forEach(line -> step.command(new CommitStockCommand(line.sku(), orderId), false));
            step.command(new RecordStockCommittedCommand(orderId), false);
        });
    }

    /** {@code sealed}: the order's personal data, opened only here, for the provider; null for older orders. */
    void charge(String orderId, Money amount, OrderPersonalData sealed) {
        run("charge", orderId, step -> {
            Optional<String> card =
                    sealed == null ? Optional.empty() : personalData.open(sealed.cardToken(), String.class);
            if (sealed != null && card.isEmpty()) {
                step.fail(ERASED);
                return;
            }
            PaymentGateway.ChargeResult result =
                    payments.charge(chargeKey(orderId), orderId, amount, card.orElse(null));
            if (result instanceof PaymentGateway.Captured captured) {
                step.command(new RecordPaymentCommand(orderId, captured.paymentId(), amount), false);
            } else if (result instanceof PaymentGateway.Declined declined) {
                step.fail("payment declined: " + declined.reason());
            }
        });
    }

    void ship(String orderId, List<OrderLine> lines, OrderPersonalData sealed) {
        run("request shipment", orderId, step -> {
            Optional<ShippingAddress> address = sealed == null
                    ? Optional.empty()
                    : personalData.open(sealed.shippingAddress(), ShippingAddress.class);
            if (sealed != null && address.isEmpty()) {
                step.fail(ERASED);
                return;
            }
            ShippingCarrier.ShipmentResult result =
                    carrier.requestShipment(shipmentKey(orderId), orderId, lines, address.orElse(null));
            if (result instanceof ShippingCarrier.Accepted accepted) {
                step.command(new ShipOrderCommand(orderId, accepted.shipmentId()), false);
            } else if (result instanceof ShippingCarrier.Rejected rejected) {
                step.fail("shipping failed: " + rejected.reason());
            }
        });
    }

    /** Undoes what the outside world holds for an ended order: the shipment first, then the money. */
    void compensate(String orderId, boolean shipmentRequested) {
        run("compensate", orderId, step -> {
            if (shipmentRequested) {
                carrier.cancel(shipmentKey(orderId));
            }
            step.command(new RecordPaymentReversalCommand(orderId, payments.reverse(chargeKey(orderId))), false);
        });
    }

    void cancel(String orderId, String reason) {
        run("cancel", orderId, step -> step.command(new CancelOrderCommand(orderId, reason), false));
    }

    /**
     * One action for one order. Its commands carry the correlation data of the event or deadline that
     * started it (principal, correlation, trace and causation ids), so the audit trail follows a request
     * through the saga although the command leaves from another thread.
     */
    private final class Step {
        private final String orderId;
        private final MetaData origin;

        Step(String orderId, MetaData origin) {
            this.orderId = orderId;
            this.origin = origin;
        }

        void fail(String reason) {
            command(new FailOrderCommand(orderId, reason), false);
        }

        /**
         * A refusal is an outcome: a refused reservation fails the order, any other refusal means the order
         * moved on (cancelled, failed) or the step was done before, and the late outcome no longer matters.
         *
         * @return whether the command was carried out
         */
        boolean command(Object command, boolean refusalFailsOrder) {
            String refusal = send(command);
            if (refusal == null) {
                return true;
            }
            if (refusalFailsOrder) {
                fail(refusal);
            } else {
                log.debug(
                        "order {}: {} refused: {}", orderId, command.getClass().getSimpleName(), refusal);
            }
            return false;
        }

        /** @return why the command was refused, or null when it succeeded */
        private String send(Object command) {
            commandPermits.acquireUninterruptibly();
            try {
                commands.sendAndWait(
                        GenericCommandMessage.asCommandMessage(command).andMetaData(origin));
                return null;
            } catch (DomainRuleViolation refused) {
                return refused.getMessage();
            } catch (AggregateNotFoundException missing) {
                return "nothing known as " + missing.getAggregateIdentifier();
            } finally {
                commandPermits.release();
            }
        }
    }

    /**
     * Runs the action unless the same action of the same order is still running on this node: under load
     * a retry deadline can fire before a slow first attempt ends, and piling repeats on top of it would
     * only slow everything further.
     */
    private void run(String name, String orderId, Consumer<Step> action) {
        run(name, name, orderId, action);
    }

    /** @param lane actions of one order in the same lane never run at once on this node */
    private void run(String name, String lane, String orderId, Consumer<Step> action) {
        String key = orderId + "/" + lane;
        if (!inFlight.add(key)) {
            log.debug("order {}: {} still running, not repeated", orderId, name);
            return;
        }
        Step step = new Step(
                orderId,
                CurrentUnitOfWork.isStarted()
                        ? MetaData.from(CurrentUnitOfWork.get().getCorrelationData())
                        : MetaData.emptyInstance());
        try {
            executor.execute(() -> {
                // the action's lines, its provider calls' included, name the request that caused the step
                try (AuditContext.Scope ignored = LogContext.enter(step.origin)) {
                    runStep(name, orderId, step, action);
                } finally {
                    inFlight.remove(key);
                }
            });
        } catch (RejectedExecutionException busy) {
            inFlight.remove(key);
            log.warn("order {}: {} not started, the action pool is full; will be retried", orderId, name);
        }
    }

    private static void runStep(String name, String orderId, Step step, Consumer<Step> action) {
        log.debug("order {}: {}", orderId, name);
        try {
            action.accept(step);
        } catch (ProviderUnavailableException e) {
            // the provider's own log sums its failures up; one line per order and retry would bury everything else
            log.debug("order {}: {} parked until its retry: {}", orderId, name, e.getMessage());
        } catch (UnreadablePersonalDataException e) {
            // retrying cannot help: the stored value itself is broken
            log.error("order {}: {} failed: {}", orderId, name, e.getMessage());
            step.fail("the order's personal data is unreadable");
        } catch (RuntimeException e) {
            log.warn("order {}: {} failed, will be retried: {}", orderId, name, e.toString());
        }
    }
}
