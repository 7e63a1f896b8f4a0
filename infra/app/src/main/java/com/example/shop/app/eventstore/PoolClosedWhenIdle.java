package com.example.shop.app.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Lets the connection pool close only once no connection is in use, or after a short wait. When the service stops,
 * Axon tells its event store's read-ahead thread to stop but does not wait for it; the pool, closed next, would abort
 * the read still running, which then fails and is logged as an error. Depending on the data source, this bean is
 * destroyed just before the pool.
 */
@Component
public class PoolClosedWhenIdle implements DisposableBean {

    private static final Duration MAX_WAIT = Duration.ofSeconds(3);

    private final DataSource dataSource;

    public PoolClosedWhenIdle(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void destroy() throws InterruptedException {
        if (!(dataSource instanceof HikariDataSource hikari) || hikari.getHikariPoolMXBean() == null) {
            return;
        }
        HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (pool.getActiveConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
