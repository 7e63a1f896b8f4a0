package com.example.shop.query.support;

import com.example.shop.query.projection.ProjectionCollections;
import com.example.shop.query.projection.ProjectionWriter;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonValue;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;

/**
 * A MongoDB wire-protocol server in this JVM, reached through the real driver, with the projections'
 * collections and writer as the service wires them. It records the commands sent, to count round trips.
 */
public final class InProcessMongo implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final ProjectionCollections collections;
    private final MongoTemplate template;
    private final ProjectionWriter writer;

    public InProcessMongo() {
        this(new CommandListener() {});
    }

    /** With a listener that sees every command the driver sends. */
    public InProcessMongo(CommandListener listener) {
        server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
                .addCommandListener(listener)
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        BsonValue target = event.getCommand().get(event.getCommandName());
                        commands.add(event.getCommandName()
                                + (target != null && target.isString()
                                        ? " " + target.asString().getValue()
                                        : ""));
                    }
                })
                .build());
        MongoDatabaseFactory databases = new SimpleMongoClientDatabaseFactory(client, "projection-test");
        collections = new ProjectionCollections(databases);
        template = new MongoTemplate(databases);
        writer = new ProjectionWriter(template, collections);
    }

    public MongoTemplate template() {
        return template;
    }

    public ProjectionCollections collections() {
        return collections;
    }

    public ProjectionWriter writer() {
        return writer;
    }

    /** The commands sent since the last call, each as its name and collection ({@code "find products"}). */
    public List<String> takeCommands() {
        List<String> sent = List.copyOf(commands);
        commands.clear();
        return sent;
    }

    @Override
    public void close() {
        client.close();
        server.shutdown();
    }
}
