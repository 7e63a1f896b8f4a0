package com.example.shop.feeds.broker;

import java.util.Properties;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.actuate.health.Health;

/** One feed as this node consumes it: its queues and its listener container, and how they are. */
public record FeedConsumer(FeedTopology topology, SimpleMessageListenerContainer container) {

    /**
     * UP while the broker answers, the feed's queue is there and this node has consumers on it; DOWN otherwise.
     * Readiness and liveness leave it out: a node whose broker is away still serves everything else.
     */
    public Health health(AmqpAdmin admin) {
        Properties queue;
        Properties deadLetters;
        try {
            queue = admin.getQueueProperties(topology.queue());
            deadLetters = admin.getQueueProperties(topology.deadLetterQueue());
        } catch (AmqpException unreachable) {
            return Health.down()
                    .withDetail("queue", topology.queue())
                    .withDetail("broker", String.valueOf(unreachable.getMessage()))
                    .build();
        }
        if (queue == null) {
            return Health.down()
                    .withDetail("queue", topology.queue())
                    .withDetail("broker", "the queue is missing")
                    .build();
        }
        int consumers = container.getActiveConsumerCount();
        Health.Builder health = container.isRunning() && consumers > 0 ? Health.up() : Health.down();
        return health.withDetail("queue", topology.queue())
                .withDetail("messagesReady", queue.get(RabbitAdmin.QUEUE_MESSAGE_COUNT))
                .withDetail("consumersOnThisNode", consumers)
                .withDetail("deadLetters", deadLetters == null ? 0 : deadLetters.get(RabbitAdmin.QUEUE_MESSAGE_COUNT))
                .build();
    }
}
