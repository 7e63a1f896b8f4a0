package com.example.shop.feeds.broker;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

/**
 * The exchanges and queues of one feed, declared by the service whenever it connects: senders publish to
 * {@code exchange} with {@code routingKey}; the feed's {@code queue} is consumed; what the service gives up on is
 * published to {@code deadLetterExchange} and kept in {@code deadLetterQueue}. The queue also names the dead-letter
 * exchange as its own, so a message the broker drops (a policy's length limit or TTL) lands there too.
 */
public record FeedTopology(
        String feed,
        String exchange,
        String routingKey,
        String queue,
        String deadLetterExchange,
        String deadLetterQueue) {

    /** {@code <names>.<feed>} for the exchange and the queue, {@code <names>.<feed>.dead-letter} for the others. */
    public static FeedTopology named(String names, String feed) {
        String base = names + "." + feed;
        return new FeedTopology(feed, base, feed, base, base + ".dead-letter", base + ".dead-letter");
    }

    public Declarables declarables() {
        DirectExchange feedExchange =
                ExchangeBuilder.directExchange(exchange).durable(true).build();
        Queue feedQueue = QueueBuilder.durable(queue)
                .deadLetterExchange(deadLetterExchange)
                .build();
        FanoutExchange deadLetters =
                ExchangeBuilder.fanoutExchange(deadLetterExchange).durable(true).build();
        Queue deadLetterStore = QueueBuilder.durable(deadLetterQueue).build();
        return new Declarables(
                feedExchange,
                feedQueue,
                BindingBuilder.bind(feedQueue).to(feedExchange).with(routingKey),
                deadLetters,
                deadLetterStore,
                BindingBuilder.bind(deadLetterStore).to(deadLetters));
    }
}
