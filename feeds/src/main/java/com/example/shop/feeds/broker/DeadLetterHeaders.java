package com.example.shop.feeds.broker;

import com.example.shop.platform.ThreadLocalSecureRandom;
import java.time.Instant;
import java.util.Map;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/**
 * What a dead letter says about itself: a message given up on keeps its body and properties and gains these
 * headers, and an id of its own (its {@code message_id}) by which the admin API retries or discards it.
 */
public final class DeadLetterHeaders {

    /** A stable code: {@code malformed-json}, {@code missing-field}, {@code unknown-sku}, {@code retries-exhausted}... */
    public static final String REASON = "x-feed-reason";
    /** The reason for people: which field, what the aggregate said, the last failure. */
    public static final String DETAIL = "x-feed-reason-detail";

    public static final String DEAD_LETTERED_AT = "x-feed-dead-lettered-at";
    public static final String ATTEMPTS = "x-feed-attempts";
    /** The feed's queue the message came from. */
    public static final String QUEUE = "x-feed-queue";
    /** The sender's {@code message_id}, which the dead letter's own id replaces; given back on a retry. */
    public static final String ORIGINAL_MESSAGE_ID = "x-feed-original-message-id";
    /** How often the admin API has sent this message back to its feed. */
    public static final String RETRIES = "x-feed-retries";

    private static final int MAX_DETAIL = 1_000;

    private DeadLetterHeaders() {}

    /** {@code message} as a dead letter of {@code queue}, given up on for {@code reason}. */
    static Message deadLetter(Message message, String queue, String reason, String detail, int attempts) {
        MessageProperties original = message.getMessageProperties();
        Message letter = MessageBuilder.withBody(message.getBody())
                .copyProperties(original)
                .setMessageId(ThreadLocalSecureRandom.uuid().toString())
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setHeader(REASON, reason)
                .setHeader(DETAIL, detail == null ? "" : truncated(detail))
                .setHeader(DEAD_LETTERED_AT, Instant.now().toString())
                .setHeader(ATTEMPTS, attempts)
                .setHeader(QUEUE, queue)
                .build();
        if (original.getMessageId() != null) {
            letter.getMessageProperties().setHeader(ORIGINAL_MESSAGE_ID, original.getMessageId());
        }
        return letter;
    }

    /** A dead letter as its sender published it, to be handled by its feed once more. */
    static Message resent(Message letter) {
        MessageProperties properties = letter.getMessageProperties();
        Object retries = properties.getHeader(RETRIES);
        Object originalId = properties.getHeader(ORIGINAL_MESSAGE_ID);
        Message message = MessageBuilder.withBody(letter.getBody())
                .copyProperties(properties)
                .setMessageId(originalId == null ? null : originalId.toString())
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .build();
        Map<String, Object> headers = message.getMessageProperties().getHeaders();
        headers.keySet().removeIf(name -> name.startsWith("x-feed-") || name.equals("x-death"));
        headers.put(RETRIES, retries instanceof Number count ? count.intValue() + 1 : 1);
        return message;
    }

    private static String truncated(String detail) {
        return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "...";
    }
}
