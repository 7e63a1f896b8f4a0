package com.example.shop.devstack;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.bson.Document;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** Contexts that run only the embedded defaults (no service), as a node of the service would get them. */
final class Nodes {

    /** Set so that no embedded PostgreSQL starts: these contexts never open a connection. */
    static final String NO_POSTGRES = "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none";

    private Nodes() {}

    @Configuration(proxyBeanMethods = false)
    static class Node {}

    static ConfigurableApplicationContext node(String... args) {
        SpringApplication application = new SpringApplication(Node.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application.run(args);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Round trip through the MongoDB driver: writes a document and reads it back. */
    static Document roundTrip(String uri, String collection, Document document) {
        try (MongoClient client = MongoClients.create(uri)) {
            var documents = client.getDatabase("shop").getCollection(collection);
            documents.insertOne(document);
            return documents.find(new Document("_id", document.get("_id"))).first();
        }
    }

    static Document find(String uri, String collection, Object id) {
        try (MongoClient client = MongoClients.create(uri)) {
            return client.getDatabase("shop")
                    .getCollection(collection)
                    .find(new Document("_id", id))
                    .first();
        }
    }
}
