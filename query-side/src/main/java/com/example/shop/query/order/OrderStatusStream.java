package com.example.shop.query.order;

import com.example.shop.order.OrderNotFoundException;
import com.example.shop.order.OrderStatusQuery;
import com.example.shop.order.OrderStatusUpdate;
import com.example.shop.platform.Caller;
import com.example.shop.query.projection.ProjectionCollections;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams an order's status changes as server-sent events, so a client need not poll: first the current
 * step, then every change as the projection records it (an Axon subscription query), until the order
 * ends and no refund of it is pending any more, or {@code shop.orders.stream-timeout} passes, or the service stops.
 */
@RestController
@EnableConfigurationProperties(OrderStreamSettings.class)
@Tag(name = "Orders")
public class OrderStatusStream {

    private static final Logger log = LoggerFactory.getLogger(OrderStatusStream.class);

    private final QueryGateway queries;
    private final MongoTemplate mongo;
    private final ProjectionCollections collections;
    private final Duration timeout;
    private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();

    public OrderStatusStream(
            QueryGateway queries,
            MongoTemplate mongo,
            ProjectionCollections collections,
            OrderStreamSettings settings) {
        this.queries = queries;
        this.mongo = mongo;
        this.collections = collections;
        this.timeout = settings.streamTimeout();
    }

    @GetMapping(path = "/orders/{orderId}/status-events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-sent events: the order's current status, then each change until it ends")
    public SseEmitter statusEvents(@PathVariable @Size(max = 64) String orderId, Caller caller) {
        Query order = Query.query(Criteria.where("_id").is(orderId));
        if (caller.restrictedTo() != null) {
            order.addCriteria(Criteria.where("customerId").is(caller.restrictedTo()));
        }
        if (!mongo.exists(order, OrderView.class, collections.serving(OrderView.class))) {
            throw new OrderNotFoundException(orderId);
        }
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        SubscriptionQueryResult<OrderStatusUpdate, OrderStatusUpdate> subscription = queries.subscriptionQuery(
                new OrderStatusQuery(orderId),
                ResponseTypes.instanceOf(OrderStatusUpdate.class),
                ResponseTypes.instanceOf(OrderStatusUpdate.class));
        subscription
                .initialResult()
                .concatWith(subscription.updates())
                .takeUntil(OrderStatusUpdate::isFinal) // an ended order's stream stays open while its refund is pending
                .subscribe(update -> send(emitter, update), emitter::completeWithError, emitter::complete);
        open.add(emitter);
        Runnable cancel = () -> {
            open.remove(emitter);
            subscription.cancel();
        };
        emitter.onCompletion(cancel);
        emitter.onTimeout(cancel);
        emitter.onError(error -> cancel.run());
        return emitter;
    }

    /**
     * Ends the open streams when the service stops, before the web server's graceful shutdown: it waits for
     * every request still running, and a stream left open would hold the shutdown for its whole timeout.
     */
    @EventListener(ContextClosedEvent.class)
    void endOpenStreams() {
        open.forEach(SseEmitter::complete);
    }

    private static void send(SseEmitter emitter, OrderStatusUpdate update) {
        try {
            emitter.send(SseEmitter.event()
                    .name("status")
                    .id(update.status().name())
                    .data(update, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException gone) {
            log.debug("status stream of order {} closed by the client", update.orderId());
        }
    }
}
