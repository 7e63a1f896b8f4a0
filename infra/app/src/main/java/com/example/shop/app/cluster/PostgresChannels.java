package com.example.shop.app.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Messages to every node through PostgreSQL's LISTEN/NOTIFY: the event store's database is the one thing all nodes
 * share for sure. Sent inside a transaction, a message is delivered once that transaction has committed. One
 * connection per node listens, outside the pool, on every channel subscribed before the node started; when it has to
 * reconnect, messages sent meanwhile are lost, and each subscriber is told so it can catch up.
 */
@Component
public class PostgresChannels implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostgresChannels.class);
    private static final Duration WAIT = Duration.ofMillis(500);
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(2);

    /** What a channel's messages are handed to, and what to do after messages may have been missed. */
    record Subscriber(Consumer<String> onMessage, Runnable afterReconnect) {}

    private final JdbcClient jdbc;
    private final DataSourceProperties database;
    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService listening;
    /** Whether the connection was lost before: subscribers then catch up on what they may have missed. */
    private volatile boolean reconnected;

    public PostgresChannels(JdbcClient jdbc, DataSourceProperties database) {
        this.jdbc = jdbc;
        this.database = database;
    }

    /** @param channel a plain SQL identifier of ours */
    void subscribe(String channel, Consumer<String> onMessage, Runnable afterReconnect) {
        subscribers.put(channel, new Subscriber(onMessage, afterReconnect));
    }

    void send(String channel, String payload) {
        jdbc.sql("select pg_notify(:channel, :payload)")
                .param("channel", channel)
                .param("payload", payload)
                .query((row, n) -> true)
                .list();
    }

    /** Until the node stops; a lost connection is opened again {@link #RECONNECT_AFTER} later, on the same thread. */
    private void listen() {
        try (Connection connection = DriverManager.getConnection(
                database.determineUrl(), database.determineUsername(), database.determinePassword())) {
            try (Statement listen = connection.createStatement()) {
                for (String channel : subscribers.keySet()) {
                    listen.execute("LISTEN " + channel);
                }
            }
            if (reconnected) {
                log.info("hearing the other nodes again on {}", subscribers.keySet());
                subscribers
                        .values()
                        .forEach(subscriber -> subscriber.afterReconnect().run());
            }
            PGConnection notifications = connection.unwrap(PGConnection.class);
            while (!Thread.currentThread().isInterrupted()) {
                PGNotification[] heard = notifications.getNotifications((int) WAIT.toMillis());
                if (heard != null) {
                    for (PGNotification notification : heard) {
                        deliver(notification);
                    }
                }
            }
        } catch (SQLException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            log.warn(
                    "not hearing the other nodes ({}); reconnecting in {}; until then this node misses {}",
                    e.getMessage(),
                    RECONNECT_AFTER,
                    subscribers.keySet());
            reconnected = true;
            ScheduledExecutorService executor = listening;
            try {
                if (executor != null) {
                    executor.schedule(this::listen, RECONNECT_AFTER.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (RejectedExecutionException stopping) {
                // the node stops meanwhile
            }
        }
    }

    private void deliver(PGNotification notification) {
        Subscriber subscriber = subscribers.get(notification.getName());
        if (subscriber == null) {
            return;
        }
        try {
            subscriber.onMessage().accept(notification.getParameter());
        } catch (RuntimeException e) {
            log.warn("message on {} skipped: {}", notification.getName(), e.toString());
        }
    }

    @Override
    public void start() {
        listening = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cluster-channels");
            thread.setDaemon(true);
            return thread;
        });
        listening.execute(this::listen);
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = listening;
        listening = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return listening != null;
    }
}
