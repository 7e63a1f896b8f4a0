package com.example.shop.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baselines as the seed platforms would serve them: the same SQL behind the same Tomcat and Spring MVC
 * as our claims, on a pool of their own with one connection per benchmark client. Only on the benchmark's
 * class path, never in the product.
 */
@RestController
class BaselineController implements DisposableBean {

    static final String PATH = "/bench/baselines/";

    private final HikariDataSource pool;

    BaselineController(HikariDataSource shopPool) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(shopPool.getJdbcUrl());
        config.setUsername(shopPool.getUsername());
        config.setPassword(shopPool.getPassword());
        config.setMaximumPoolSize(FlashSaleBenchmark.SPEED_CLIENTS);
        config.setMinimumIdle(0); // no connections held while the JDBC baselines run
        config.setIdleTimeout(10_000); // nor long after: the shared PostgreSQL allows 100 connections
        config.setPoolName("baselines");
        this.pool = new HikariDataSource(config);
    }

    @PostMapping(PATH + "{kind}/{counterId}")
    ResponseEntity<Void> claim(@PathVariable String kind, @PathVariable String counterId) throws SQLException {
        Baselines.Attempt attempt = switch (kind) {
            case "a" -> Baselines.SELECT_FOR_UPDATE_THEN_UPDATE;
            case "b" -> Baselines.CONDITIONAL_UPDATE;
            default -> throw new IllegalArgumentException(kind);
        };
        try (Connection connection = pool.getConnection()) {
            return ResponseEntity.status(attempt.grant(connection, counterId) ? 201 : 409)
                    .build();
        }
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
