package com.example.shop.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.feeds.broker.FeedTopology;
import com.example.shop.inventory.StockIds;
import com.example.shop.inventory.StockRestockedEvent;
import com.example.shop.support.Api;
import com.example.shop.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole service with the restock feed on, against the local RabbitMQ (127.0.0.1:5672): the feed's exchanges
 * and queues carry a name of their own per test run, and are deleted when the application context closes. Retries
 * are fast here; a command waits 2 s at most.
 */
@Import(FeedServiceTest.QueuesDeletedOnClose.class)
@TestPropertySource(
        properties = {
            "shop.feeds.enabled=true",
            "shop.feeds.names=test.${random.uuid}",
            "shop.feeds.restock.max-attempts=5",
            "shop.feeds.restock.retry-backoff=PT0.05S",
            "shop.feeds.restock.retry-backoff-max=PT0.2S",
            "shop.feeds.restock.command-timeout=PT2S"
        })
public abstract class FeedServiceTest extends ServiceTest {

    protected static final int MAX_ATTEMPTS = 5;

    @Autowired
    protected FeedTopology restockTopology;

    @Autowired
    protected AmqpAdmin rabbitAdmin;

    @Autowired
    private CachingConnectionFactory connections;

    @Autowired
    private MeterRegistry meters;

    @TestConfiguration
    static class QueuesDeletedOnClose {
        @Bean
        DisposableBean feedQueuesDeletedOnClose(AmqpAdmin admin, FeedTopology restockTopology) {
            return () -> {
                admin.deleteQueue(restockTopology.queue());
                admin.deleteQueue(restockTopology.deadLetterQueue());
                admin.deleteExchange(restockTopology.exchange());
                admin.deleteExchange(restockTopology.deadLetterExchange());
            };
        }
    }

    /** A message as a supplier sends it: persistent, with a message id, confirmed by the broker. */
    protected record Sent(String messageId, byte[] body) {
        static Sent of(String body) {
            return new Sent(UUID.randomUUID().toString(), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    protected static String restock(String sku, long quantity, String deliveryId, String supplier) {
        return supplier == null
                ? "{\"sku\":\"%s\",\"quantity\":%d,\"deliveryId\":\"%s\"}".formatted(sku, quantity, deliveryId)
                : "{\"sku\":\"%s\",\"quantity\":%d,\"deliveryId\":\"%s\",\"supplier\":\"%s\"}"
                        .formatted(sku, quantity, deliveryId, supplier);
    }

    protected Sent publish(String body) throws Exception {
        Sent sent = Sent.of(body);
        publish(List.of(sent));
        return sent;
    }

    protected void publish(List<Sent> messages) throws Exception {
        try (Connection connection = connections.getRabbitConnectionFactory().newConnection();
                Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (Sent message : messages) {
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .deliveryMode(2)
                        .contentType("application/json")
                        .messageId(message.messageId())
                        .build();
                channel.basicPublish(
                        restockTopology.exchange(), restockTopology.routingKey(), true, properties, message.body());
            }
            channel.waitForConfirmsOrDie(60_000);
        }
    }

    protected void registerProduct(String sku, long initialStock) {
        Api.Response registered = api.post("/products", Api.product(sku, 100, "EUR", initialStock));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
    }

    /** A restock the event store holds: the truth, not a read model. */
    protected record Restocked(String deliveryId, long added, long available) {}

    protected List<Restocked> restocksOf(String sku) {
        return jdbc.sql("""
                        select convert_from(payload, 'UTF8')::jsonb ->> 'deliveryId',
                               (convert_from(payload, 'UTF8')::jsonb ->> 'added')::bigint,
                               (convert_from(payload, 'UTF8')::jsonb ->> 'available')::bigint
                        from domain_event_entry
                        where aggregate_identifier = :stock and payload_type = :type
                        order by sequence_number""")
                .param("stock", StockIds.of(sku))
                .param("type", StockRestockedEvent.class.getName())
                .query((row, n) -> new Restocked(row.getString(1), row.getLong(2), row.getLong(3)))
                .list();
    }

    /** Available stock after the latest event of the SKU's stock, read from the event store. */
    protected long available(String sku) {
        return jdbc.sql("""
                        select (convert_from(payload, 'UTF8')::jsonb ->> 'available')::bigint
                        from domain_event_entry where aggregate_identifier = :stock
                        order by sequence_number desc limit 1""").param("stock", StockIds.of(sku)).query(Long.class).single();
    }

    protected List<JsonNode> deadLetters() {
        Api.Response response = api.get("/admin/feeds/restock/dead-letters?limit=1000");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonNode> letters = new ArrayList<>();
        response.json().forEach(letters::add);
        return letters;
    }

    /** The dead letters whose body holds {@code marker}. */
    protected List<JsonNode> deadLettersWith(String marker) {
        return deadLetters().stream()
                .filter(letter -> letter.path("body").asText().contains(marker))
                .toList();
    }

    protected double outcomes(String outcome) {
        Counter counter = meters.find("shop.feeds.messages")
                .tag("feed", "restock")
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    protected double retries() {
        Counter counter =
                meters.find("shop.feeds.retries").tag("feed", "restock").counter();
        return counter == null ? 0 : counter.count();
    }

    protected long messagesReady() {
        Object count = rabbitAdmin.getQueueProperties(restockTopology.queue()).get(RabbitAdmin.QUEUE_MESSAGE_COUNT);
        return ((Number) count).longValue();
    }
}
