package com.example.shop.feeds.restock;

import com.example.shop.feeds.broker.ConfirmedPublisher;
import com.example.shop.feeds.broker.DeadLetterQueue;
import com.example.shop.feeds.broker.FeedConsumer;
import com.example.shop.feeds.broker.FeedListener;
import com.example.shop.feeds.broker.FeedListenerSettings;
import com.example.shop.feeds.broker.FeedMetrics;
import com.example.shop.feeds.broker.FeedSettings;
import com.example.shop.feeds.broker.FeedTopology;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The supplier restock feed, once {@code shop.feeds.enabled} is set: its exchanges and queues (declared whenever the
 * service connects), {@code shop.feeds.restock.concurrency} consumers with manual acknowledgements and a bounded
 * prefetch, and its dead-letter queue for the admin API. A broker that is away is tried again quietly, with a
 * growing wait, while the rest of the service runs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "shop.feeds", name = "enabled", havingValue = "true")
public class RestockFeedConfiguration {

    @Bean
    FeedTopology restockTopology(FeedSettings settings) {
        return FeedTopology.named(settings.names(), RestockFeed.FEED);
    }

    @Bean
    Declarables restockDeclarables(FeedTopology restockTopology) {
        return restockTopology.declarables();
    }

    @Bean
    SimpleMessageListenerContainer restockListenerContainer(
            ConnectionFactory connections,
            FeedSettings settings,
            FeedTopology restockTopology,
            CommandGateway commands,
            ConfirmedPublisher feedPublisher,
            AmqpAdmin admin,
            MeterRegistry meters) {
        FeedListenerSettings restock = settings.restock();
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
        container.setQueueNames(restockTopology.queue());
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setConcurrentConsumers(restock.concurrency());
        container.setPrefetchCount(restock.prefetch());
        container.setDefaultRequeueRejected(false);
        container.setMissingQueuesFatal(false);
        // the admin declares the topology whenever a connection opens; the container declaring it again on every
        // attempt to reach a broker that is away would log an error with a stack trace each time
        container.setAutoDeclare(false);
        ExponentialBackOff reconnect = new ExponentialBackOff(1_000, 2.0);
        reconnect.setMaxInterval(settings.reconnectMax().toMillis());
        container.setRecoveryBackOff(reconnect);
        container.setMessageListener(new FeedListener(
                restockTopology,
                restock,
                new RestockFeed(commands, restock.maxMessageBytes()),
                feedPublisher,
                new FeedMetrics(meters, RestockFeed.FEED),
                admin::initialize));
        return container;
    }

    @Bean
    FeedConsumer restockFeedConsumer(
            FeedTopology restockTopology, SimpleMessageListenerContainer restockListenerContainer) {
        return new FeedConsumer(restockTopology, restockListenerContainer);
    }

    @Bean
    DeadLetterQueue restockDeadLetters(
            ConnectionFactory connections, FeedTopology restockTopology, ConfirmedPublisher feedPublisher) {
        return new DeadLetterQueue(restockTopology, new RabbitTemplate(connections), feedPublisher);
    }
}
