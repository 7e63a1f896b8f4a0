package com.example.shop.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.UUID;

/**
 * The whole service on a real port, with a real PostgreSQL (the local one on 127.0.0.1:5432 when it
 * listens, an embedded server otherwise) and the in-process MongoDB wire server. All subclasses share
 * one application context; each test uses SKUs and customers of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "shop.embedded.postgres.prefer-local=true",
        "shop.embedded.mongo.persistent=false",
        "shop.embedded.data-dir=target/test-data/${random.uuid}"})
public abstract class ServiceTest {

    @LocalServerPort
    private int port;

    @Autowired
    protected JdbcClient jdbc;

    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    protected long storedEvents() {
        return jdbc.sql("select count(*) from domain_event_entry").query(Long.class).single();
    }
}
