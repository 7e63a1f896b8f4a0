package com.example.shop.feeds.broker;

import java.time.Duration;
import org.springframework.amqp.core.Message;

/** What one feed does with one message: read it and send its command. */
@FunctionalInterface
public interface FeedHandler {

    /**
     * Returns once the message's command has committed (or was absorbed as a repeat). Throws
     * {@link RejectedMessage} for a message that will never pass; any other exception is a failure that may pass
     * and is tried again.
     *
     * @param timeout how long to wait for the command
     */
    void handle(Message message, Duration timeout) throws Exception;
}
