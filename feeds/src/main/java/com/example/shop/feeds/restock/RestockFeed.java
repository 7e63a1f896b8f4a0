package com.example.shop.feeds.restock;

import com.example.shop.feeds.broker.FeedHandler;
import com.example.shop.feeds.broker.RejectedMessage;
import com.example.shop.inventory.RestockCommand;
import com.example.shop.platform.AuditContext;
import com.example.shop.rules.DomainRuleViolation;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.amqp.core.Message;

/**
 * A restock message becomes a {@link RestockCommand} that names its delivery, sent to the SKU's stock (on the node
 * that writes it, ADR 0020) and awaited: the stock applies a delivery once, so a message delivered again changes
 * nothing (ADR 0024). The stock's refusals (an unknown SKU, a quantity out of range, a delivery id reused with
 * another quantity) will never pass and are rejected; any other failure may pass.
 */
final class RestockFeed implements FeedHandler {

    static final String FEED = "restock";

    private final CommandGateway commands;
    private final int maxMessageBytes;

    RestockFeed(CommandGateway commands, int maxMessageBytes) {
        this.commands = commands;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void handle(Message message, Duration timeout) throws Exception {
        RestockMessage restock = RestockMessage.read(message.getBody(), maxMessageBytes);
        // every attempt at one delivery shares its correlation id, so the audit API shows them together
        AuditContext context =
                new AuditContext("system:restock-feed", restock.deliveryKey(), AuditContext.newTraceId());
        try (AuditContext.Scope ignored = AuditContext.enter(context)) {
            commands.send(restock.command()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            Throwable cause = unwrapped(failed);
            if (cause instanceof AggregateNotFoundException) {
                throw new RejectedMessage("unknown-sku", "no product " + restock.sku());
            }
            if (cause instanceof DomainRuleViolation refused) {
                throw new RejectedMessage(refused.code(), refused.getMessage());
            }
            throw cause instanceof Exception exception ? exception : failed;
        }
    }

    private static Throwable unwrapped(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
