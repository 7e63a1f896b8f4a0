package com.example.shop.app.cluster;

import com.example.shop.order.OrderStatusQuery;
import com.example.shop.order.OrderStatusUpdate;
import com.example.shop.query.order.OrderStatusBroadcast;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Carries the orders projection's announcements to every node through PostgreSQL's LISTEN/NOTIFY: the event
 * store's database is the one thing all nodes share for sure. Announced inside the projection's transaction, a
 * step is delivered once its token (and so its view) has committed; every node, the writing one included, then
 * tells its own status streams. One connection per node listens, outside the pool. When it has to reconnect,
 * announcements made meanwhile are lost, so each open stream is told its order's current step again.
 */
@Component
public class PostgresOrderStatusBroadcast implements OrderStatusBroadcast, SmartLifecycle {

    static final String CHANNEL = "shop_order_status";
    private static final Logger log = LoggerFactory.getLogger(PostgresOrderStatusBroadcast.class);
    private static final Duration WAIT = Duration.ofMillis(500);
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final DataSourceProperties database;
    private final QueryUpdateEmitter updates;
    private final QueryGateway queries;
    private final OrderStatusBroadcast local;
    private final ObjectMapper json;
    private volatile Thread listener;

    public PostgresOrderStatusBroadcast(
            JdbcClient jdbc,
            DataSourceProperties database,
            QueryUpdateEmitter updates,
            QueryGateway queries,
            ObjectMapper json) {
        this.jdbc = jdbc;
        this.database = database;
        this.updates = updates;
        this.queries = queries;
        this.local = OrderStatusBroadcast.local(updates);
        this.json = json;
    }

    @Override
    public void announce(OrderStatusUpdate update) {
        String payload;
        try {
            payload = json.writeValueAsString(update);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("order status update not writable as JSON", e);
        }
        jdbc.sql("select pg_notify(:channel, :payload)")
                .param("channel", CHANNEL)
                .param("payload", payload)
                .query((row, n) -> true)
                .list();
    }

    private void listen() {
        boolean reconnected = false;
        while (!Thread.currentThread().isInterrupted()) {
            try (Connection connection = DriverManager.getConnection(
                    database.determineUrl(), database.determineUsername(), database.determinePassword())) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                if (reconnected) {
                    log.info("order status announcements heard again; open status streams told their current step");
                    retell();
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (!Thread.currentThread().isInterrupted()) {
                    PGNotification[] heard = notifications.getNotifications((int) WAIT.toMillis());
                    if (heard != null) {
                        for (PGNotification notification : heard) {
                            tellLocally(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                log.warn(
                        "not hearing order status announcements ({}); status streams on this node wait until it"
                                + " reconnects in {}",
                        e.getMessage(),
                        RECONNECT_AFTER);
                reconnected = true;
                try {
                    Thread.sleep(RECONNECT_AFTER.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void tellLocally(String payload) {
        try {
            local.announce(json.readValue(payload, OrderStatusUpdate.class));
        } catch (JsonProcessingException | RuntimeException e) {
            log.warn("unreadable order status announcement skipped: {}", e.toString());
        }
    }

    /** Asks the projection's query handler again for every order a stream on this node follows. */
    private void retell() {
        for (SubscriptionQueryMessage<?, ?, ?> subscription : updates.activeSubscriptions()) {
            if (subscription.getPayload() instanceof OrderStatusQuery query) {
                OrderStatusUpdate current =
                        queries.query(query, OrderStatusUpdate.class).join();
                if (current != null) {
                    local.announce(current);
                }
            }
        }
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::listen, "order-status-listener");
        thread.setDaemon(true);
        listener = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = listener;
        listener = null;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return listener != null;
    }
}
