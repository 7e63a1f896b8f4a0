package com.example.shop.feeds.broker;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes a message and returns only once the broker has confirmed that a queue holds it: a message moved to a
 * dead-letter queue, or back to its feed, is acknowledged where it came from only after that, so a broker that
 * loses the publish loses nothing. A message no queue takes (its queue deleted) counts as not published.
 */
public final class ConfirmedPublisher {

    private final RabbitTemplate template;
    private final Duration timeout;

    public ConfirmedPublisher(ConnectionFactory connections, Duration timeout) {
        if (connections instanceof CachingConnectionFactory caching
                && (!caching.isPublisherConfirms() || !caching.isPublisherReturns())) {
            throw new IllegalStateException("the feeds need publisher confirms and returns: set"
                    + " spring.rabbitmq.publisher-confirm-type=correlated and spring.rabbitmq.publisher-returns=true");
        }
        this.template = new RabbitTemplate(connections);
        this.template.setMandatory(true);
        this.timeout = timeout;
    }

    /** Thrown when the broker refused the message, no queue took it, or no confirm came in time. */
    public static final class NotPublished extends Exception {
        private static final long serialVersionUID = 1L;

        NotPublished(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void publish(String exchange, String routingKey, Message message) throws NotPublished {
        CorrelationData correlation =
                new CorrelationData(message.getMessageProperties().getMessageId());
        try {
            template.send(exchange, routingKey, message, correlation);
            CorrelationData.Confirm confirm = correlation.getFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!confirm.isAck()) {
                throw new NotPublished(
                        "the broker refused the message to " + exchange + ": " + confirm.getReason(), null);
            }
            ReturnedMessage returned = correlation.getReturned();
            if (returned != null) {
                throw new NotPublished(
                        "no queue took the message to " + exchange + ": " + returned.getReplyText(), null);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new NotPublished("interrupted while waiting for the broker's confirm", interrupted);
        } catch (ExecutionException | TimeoutException | org.springframework.amqp.AmqpException failed) {
            throw new NotPublished("the message to " + exchange + " was not confirmed: " + failed, failed);
        }
    }
}
