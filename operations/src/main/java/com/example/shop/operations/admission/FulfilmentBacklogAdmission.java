package com.example.shop.operations.admission;

import com.example.shop.operations.projections.EventStoreLag;
import com.example.shop.operations.projections.Projections;
import com.example.shop.rules.OverloadedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Admits orders while the fulfilment backlog and the orders projection keep up. Every
 * {@code sample-every} it reads how many orders are still being fulfilled (sagas in {@code saga_entry},
 * across all nodes) and how long the oldest event the orders projection has not handled yet has been
 * waiting: the staleness a customer would see in {@code GET /orders/{id}} now. A request then only
 * compares two numbers. Over either bound, {@code POST /orders} answers 503 with {@code Retry-After}
 * before anything is written. A projection being rebuilt does not count: its lag says nothing about
 * the live load.
 */
@Component
@EnableConfigurationProperties(AdmissionSettings.class)
public class FulfilmentBacklogAdmission implements OrderAdmission, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FulfilmentBacklogAdmission.class);
    private static final String ORDERS_PROJECTION = "orders";

    private final JdbcClient jdbc;
    private final Projections projections;
    private final long maxOpenOrders;
    private final Duration maxProjectionLag;
    private final Duration sampleEvery;
    private final Counter shed;
    private final EventStoreLag lag;
    private volatile long openOrders;
    private volatile Duration projectionLag = Duration.ZERO;
    private volatile boolean sampling = true;
    private ScheduledExecutorService sampler;

    public FulfilmentBacklogAdmission(
            JdbcClient jdbc,
            Projections projections,
            EventStoreLag lag,
            MeterRegistry meters,
            AdmissionSettings settings) {
        this.jdbc = jdbc;
        this.projections = projections;
        this.lag = lag;
        this.maxOpenOrders = settings.maxOpenOrders();
        this.maxProjectionLag = settings.maxProjectionLag();
        this.sampleEvery = settings.sampleEvery();
        this.shed = Counter.builder("shop.orders.shed")
                .description("orders refused by admission control")
                .register(meters);
        Gauge.builder("shop.orders.open", () -> openOrders)
                .description("orders still being fulfilled")
                .register(meters);
        Gauge.builder("shop.orders.projection-lag", () -> projectionLag.toNanos() / 1e9)
                .baseUnit("seconds")
                .description("how long the oldest event the orders projection has not handled has waited")
                .register(meters);
    }

    @Override
    public void admit() {
        long open = openOrders;
        Duration lag = projectionLag;
        if (open >= maxOpenOrders || lag.compareTo(maxProjectionLag) > 0) {
            shed.increment();
            throw new OverloadedException(
                    open >= maxOpenOrders
                            ? "Too many orders are being fulfilled (" + open + "); try again shortly"
                            : "Order status is " + lag.toMillis() + " ms behind; try again shortly",
                    Duration.ofSeconds(2));
        }
    }

    void sample() {
        try {
            openOrders = jdbc.sql("select count(*) from saga_entry")
                    .query(Long.class)
                    .single();
            Projections.Status orders = projections.status(ORDERS_PROJECTION);
            projectionLag =
                    orders.rebuilding() || orders.behind() == 0 ? Duration.ZERO : lag.waitingSince(orders.position());
            if (!sampling) {
                sampling = true;
                log.info("admission samples work again");
            }
        } catch (RuntimeException e) {
            // keep the last sample: a failed read must neither shut the shop nor open the flood gates; said once
            if (sampling) {
                sampling = false;
                log.warn("admission sample failed, the last one stands until one works: {}", e.toString());
            }
        }
    }

    @Override
    public void start() {
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "order-admission");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleWithFixedDelay(this::sample, 0, sampleEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        sampler.shutdownNow();
        sampler = null;
    }

    @Override
    public boolean isRunning() {
        return sampler != null;
    }

    @Override
    public int getPhase() {
        // after Axon's processors have started, before they stop
        return Integer.MAX_VALUE - 100;
    }
}
