package com.example.shop.feeds.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

/**
 * A feed's dead-letter queue, read in place: the broker is where dead letters are kept, so listing them takes them
 * from the queue unacknowledged and hands them all back (the broker puts them back where they were), and a retry or
 * a discard takes messages until it meets the one asked for, acts on it, and hands the others back. Work on one
 * queue is done one request at a time on a node; a request looks at most {@link #MAX_SCANNED} letters.
 */
public final class DeadLetterQueue {

    public static final int MAX_SCANNED = 10_000;
    private static final int MAX_BODY_SHOWN = 4_096;

    private final FeedTopology topology;
    private final RabbitTemplate broker;
    private final ConfirmedPublisher publisher;
    private final MessagePropertiesConverter properties = new DefaultMessagePropertiesConverter();
    private final ReentrantLock oneAtATime = new ReentrantLock();

    public DeadLetterQueue(FeedTopology topology, RabbitTemplate broker, ConfirmedPublisher publisher) {
        this.topology = topology;
        this.broker = broker;
        this.publisher = publisher;
    }

    /**
     * One dead letter.
     *
     * @param id                its own id, by which it is retried or discarded
     * @param reason            why it was given up on, a stable code
     * @param detail            the reason for people
     * @param deadLetteredAt    when
     * @param attempts          how often its command was tried
     * @param retries           how often it was sent back to its feed before
     * @param originalMessageId the sender's message id
     * @param body              its body as text, cut at 4 KiB
     * @param bodyBytes         the body's full length
     */
    public record Letter(
            String id,
            String reason,
            String detail,
            String deadLetteredAt,
            Integer attempts,
            Integer retries,
            String originalMessageId,
            String body,
            int bodyBytes) {}

    public FeedTopology topology() {
        return topology;
    }

    /** The first {@code limit} dead letters, oldest first. */
    public List<Letter> list(int limit) {
        return exclusively(channel -> {
            List<Letter> letters = new ArrayList<>();
            try {
                GetResponse got;
                while (letters.size() < limit && (got = channel.basicGet(topology.deadLetterQueue(), false)) != null) {
                    letters.add(letter(message(got)));
                }
            } finally {
                handBack(channel, !letters.isEmpty());
            }
            return letters;
        });
    }

    /** Sends the dead letter back to its feed, confirmed, and removes it. Answers whether it was there. */
    public boolean retry(String id) {
        return exclusively(channel -> act(channel, id, found -> {
            publisher.publish(topology.exchange(), topology.routingKey(), DeadLetterHeaders.resent(found));
        }));
    }

    /** Removes the dead letter for good. Answers whether it was there. */
    public boolean discard(String id) {
        return exclusively(channel -> act(channel, id, found -> {}));
    }

    /** The number of dead letters, as the broker counts them. */
    public long size() {
        return Optional.ofNullable(broker.execute(channel -> channel.messageCount(topology.deadLetterQueue())))
                .orElse(0L);
    }

    @FunctionalInterface
    private interface Action {
        void on(Message letter) throws ConfirmedPublisher.NotPublished;
    }

    private boolean act(Channel channel, String id, Action action) throws IOException {
        int outstanding = 0;
        try {
            for (int scanned = 0; scanned < MAX_SCANNED; scanned++) {
                GetResponse got = channel.basicGet(topology.deadLetterQueue(), false);
                if (got == null) {
                    return false;
                }
                outstanding++;
                Message letter = message(got);
                if (id.equals(letter.getMessageProperties().getMessageId())) {
                    try {
                        action.on(letter);
                    } catch (ConfirmedPublisher.NotPublished notPublished) {
                        throw new org.springframework.amqp.AmqpException(notPublished.getMessage(), notPublished);
                    }
                    channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
                    outstanding--;
                    return true;
                }
            }
            return false;
        } finally {
            handBack(channel, outstanding > 0);
        }
    }

    /**
     * Every letter taken and not acknowledged goes back to the queue, in its place (delivery tag 0 with
     * {@code multiple} names all of the channel's outstanding deliveries, which are this request's).
     */
    private static void handBack(Channel channel, boolean outstanding) throws IOException {
        if (outstanding) {
            channel.basicNack(0, true, true);
        }
    }

    private Message message(GetResponse got) {
        MessageProperties converted =
                properties.toMessageProperties(got.getProps(), got.getEnvelope(), StandardCharsets.UTF_8.name());
        return new Message(got.getBody(), converted);
    }

    private static Letter letter(Message message) {
        MessageProperties props = message.getMessageProperties();
        Map<String, Object> headers = props.getHeaders();
        byte[] body = message.getBody();
        String text = new String(body, 0, Math.min(body.length, MAX_BODY_SHOWN), StandardCharsets.UTF_8);
        return new Letter(
                props.getMessageId(),
                reason(headers),
                text(headers.get(DeadLetterHeaders.DETAIL)),
                text(headers.get(DeadLetterHeaders.DEAD_LETTERED_AT)),
                number(headers.get(DeadLetterHeaders.ATTEMPTS)),
                number(headers.get(DeadLetterHeaders.RETRIES)),
                text(headers.get(DeadLetterHeaders.ORIGINAL_MESSAGE_ID)),
                text,
                body.length);
    }

    /** Ours, or for a message the broker dead-lettered itself (a policy's limit), the broker's. */
    private static String reason(Map<String, Object> headers) {
        Object reason = headers.get(DeadLetterHeaders.REASON);
        if (reason != null) {
            return reason.toString();
        }
        if (headers.get("x-first-death-reason") != null) {
            return "broker-" + headers.get("x-first-death-reason");
        }
        return "unknown";
    }

    private static String text(Object header) {
        return header == null ? null : header.toString();
    }

    private static Integer number(Object header) {
        return header instanceof Number number ? number.intValue() : null;
    }

    @FunctionalInterface
    private interface ChannelWork<T> {
        T on(Channel channel) throws IOException;
    }

    private <T> T exclusively(ChannelWork<T> work) {
        oneAtATime.lock();
        try {
            return broker.execute(work::on);
        } finally {
            oneAtATime.unlock();
        }
    }
}
