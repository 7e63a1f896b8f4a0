package com.example.shop.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers the seed platforms would pick for "the first N buyers", run on the same PostgreSQL with
 * the same number of clients, each on its own connection: (a) lock the counter row, then decrement;
 * (b) one conditional decrement.
 */
final class Baselines {

    private final String url;
    private final String user;
    private final String password;

    Baselines(String url, String user, String password) throws SQLException {
        this.url = url;
        this.user = user;
        this.password = password;
        try (Connection connection = connect()) {
            connection
                    .createStatement()
                    .execute(
                            "create table if not exists bench_counter (id varchar(64) primary key, remaining integer not null)");
        }
    }

    interface Attempt {
        boolean grant(Connection connection, String counterId) throws SQLException;
    }

    static final Attempt SELECT_FOR_UPDATE_THEN_UPDATE = (connection, id) -> {
        connection.setAutoCommit(false);
        try (PreparedStatement select =
                connection.prepareStatement("select remaining from bench_counter where id = ? for update")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                if (row.getInt(1) <= 0) {
                    connection.commit();
                    return false;
                }
            }
            try (PreparedStatement update =
                    connection.prepareStatement("update bench_counter set remaining = remaining - 1 where id = ?")) {
                update.setString(1, id);
                update.executeUpdate();
            }
            connection.commit();
            return true;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    };

    static final Attempt CONDITIONAL_UPDATE = (connection, id) -> {
        connection.setAutoCommit(true);
        try (PreparedStatement update = connection.prepareStatement(
                "update bench_counter set remaining = remaining - 1 where id = ? and remaining > 0")) {
            update.setString(1, id);
            return update.executeUpdate() == 1;
        }
    };

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** A fresh counter holding {@code quota}; answers its id. */
    String counter(int quota) throws SQLException {
        String counterId = "counter-" + System.nanoTime();
        try (Connection connection = connect();
                PreparedStatement insert = connection.prepareStatement("insert into bench_counter values (?, ?)")) {
            insert.setString(1, counterId);
            insert.setInt(2, quota);
            insert.executeUpdate();
        }
        return counterId;
    }

    /** Clients claim straight over JDBC until the counter is gone; answers the throughput up to the last grant. */
    Load.Result run(String name, Attempt attempt, int clients, int quota) throws Exception {
        String counterId = counter(quota);
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            connections.add(connect());
        }
        try {
            return Load.untilSoldOut(
                    name,
                    clients,
                    quota,
                    client -> attempt.grant(connections.get(client), counterId)
                            ? Load.Outcome.GRANTED
                            : Load.Outcome.SOLD_OUT);
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }
}
