package com.example.shop.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The PostgreSQL service of a developer machine or CI host, used by tests when it is there. */
final class LocalPostgres {

    static final String USER = "postgres";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private LocalPostgres() {}

    static boolean isListening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 300);
        } catch (IOException e) {
            return false;
        }
        try (Connection ignored = DriverManager.getConnection(ADMIN_URL, USER, "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A database of its own per application context, dropped again when the context closes. */
    static Database createFreshDatabase() {
        // identifiers cannot be bound as parameters; this one is generated here from hex digits only
        String name = "shop_test_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE DATABASE " + name);
        return new Database(name);
    }

    private static void execute(String ddl) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        } catch (SQLException e) {
            throw new IllegalStateException("local PostgreSQL refused: " + ddl, e);
        }
    }

    record Database(String name) implements AutoCloseable {

        String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:5432/" + name;
        }

        @Override
        public void close() {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
