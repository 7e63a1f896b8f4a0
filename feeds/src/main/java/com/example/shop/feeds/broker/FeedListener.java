package com.example.shop.feeds.broker;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.support.RetryTemplate;

/**
 * Consumes one feed with manual acknowledgements (ADR 0024). A message is acknowledged only once its command has
 * committed; one that will never pass is published to the dead-letter queue with its reason, confirmed there, and
 * only then acknowledged; a failure that may pass is tried again with a growing back-off, a bounded number of
 * times, then dead-lettered with the last failure as its reason. A message this node cannot finish (it is stopping,
 * or the dead-letter queue does not confirm) is handed back to the broker, which delivers it again.
 */
public final class FeedListener implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(FeedListener.class);

    private final FeedTopology topology;
    private final FeedHandler handler;
    private final ConfirmedPublisher publisher;
    private final FeedMetrics metrics;
    private final RetryTemplate retry;
    private final Duration commandTimeout;
    private final Runnable redeclare;

    /** @param redeclare declares the feed's exchanges and queues again, when a dead letter finds no queue */
    public FeedListener(
            FeedTopology topology,
            FeedListenerSettings settings,
            FeedHandler handler,
            ConfirmedPublisher publisher,
            FeedMetrics metrics,
            Runnable redeclare) {
        this.topology = topology;
        this.redeclare = redeclare;
        this.handler = handler;
        this.publisher = publisher;
        this.metrics = metrics;
        this.commandTimeout = settings.commandTimeout();
        this.retry = RetryTemplate.builder()
                .maxAttempts(settings.maxAttempts())
                .exponentialBackoff(
                        settings.retryBackoff().toMillis(),
                        2.0,
                        settings.retryBackoffMax().toMillis())
                .notRetryOn(List.of(RejectedMessage.class, InterruptedException.class))
                .build();
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        AtomicInteger attempts = new AtomicInteger();
        try {
            retry.execute(context -> {
                if (attempts.incrementAndGet() > 1) {
                    metrics.retried();
                    log.debug(
                            "{} message {}: attempt {} after {}",
                            topology.feed(),
                            message.getMessageProperties().getMessageId(),
                            attempts.get(),
                            String.valueOf(context.getLastThrowable()));
                }
                handler.handle(message, commandTimeout);
                return null;
            });
        } catch (RejectedMessage rejected) {
            deadLetter(message, channel, rejected.reason(), rejected.getMessage(), attempts.get());
            return;
        } catch (InterruptedException | BackOffInterruptedException stopping) {
            Thread.currentThread().interrupt();
            requeue(channel, tag, "the node is stopping");
            return;
        } catch (Exception failed) {
            if (Thread.currentThread().isInterrupted()) {
                requeue(channel, tag, "the node is stopping");
                return;
            }
            deadLetter(
                    message,
                    channel,
                    "retries-exhausted",
                    "failed " + attempts.get() + " times, last: " + describe(failed),
                    attempts.get());
            return;
        }
        channel.basicAck(tag, false);
        metrics.acknowledged();
    }

    private void deadLetter(Message message, Channel channel, String reason, String detail, int attempts)
            throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        Message letter = DeadLetterHeaders.deadLetter(message, topology.queue(), reason, detail, attempts);
        try {
            publisher.publish(topology.deadLetterExchange(), "", letter);
        } catch (ConfirmedPublisher.NotPublished notPublished) {
            log.warn(
                    "{} message {} could not be dead-lettered ({}); the broker delivers it again",
                    topology.feed(),
                    message.getMessageProperties().getMessageId(),
                    notPublished.getMessage());
            try {
                redeclare.run();
            } catch (RuntimeException stillDown) {
                log.debug("{} topology not declared again: {}", topology.feed(), stillDown.toString());
            }
            requeue(channel, tag, notPublished.getMessage());
            return;
        }
        channel.basicAck(tag, false);
        metrics.deadLettered();
        log.warn(
                "{} message {} dead-lettered as {}: {} (dead letter {})",
                topology.feed(),
                message.getMessageProperties().getMessageId(),
                reason,
                detail,
                letter.getMessageProperties().getMessageId());
    }

    private void requeue(Channel channel, long tag, String why) throws IOException {
        log.debug("{} message handed back to the broker: {}", topology.feed(), why);
        channel.basicNack(tag, false, true);
        metrics.requeued();
    }

    /** The failure and its root cause, each cut short: a persistence failure's message may hold a whole batch of SQL. */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String described = failure.getClass().getSimpleName() + ": " + abbreviated(failure.getMessage());
        return root == failure
                ? described
                : described + "; root cause " + root.getClass().getSimpleName() + ": " + abbreviated(root.getMessage());
    }

    private static String abbreviated(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().replaceAll("\\s+", " ");
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }
}
