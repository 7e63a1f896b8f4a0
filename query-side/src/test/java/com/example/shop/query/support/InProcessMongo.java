package com.example.shop.query.support;

import com.example.shop.query.projection.ProjectionCollections;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.event.CommandListener;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

import java.util.List;

/**
 * A MongoDB wire-protocol server in this JVM, reached through the real driver, with a template that resolves
 * the views' collection names through {@link ProjectionCollections} as the service does.
 */
public final class InProcessMongo implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;
    private final ProjectionCollections collections;
    private final MongoTemplate template;

    public InProcessMongo() {
        this(new CommandListener() {
        });
    }

    /** With a listener that sees every command the driver sends. */
    public InProcessMongo(CommandListener commands) {
        server = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
                .addCommandListener(commands).build());
        MongoDatabaseFactory databases = new SimpleMongoClientDatabaseFactory(client, "projection-test");
        collections = new ProjectionCollections(databases);
        GenericApplicationContext beans = new GenericApplicationContext();
        beans.getBeanFactory().registerSingleton("projectionCollections", collections);
        beans.refresh();
        // as MongoTemplate builds its default converter, with the application context for the names
        MongoCustomConversions conversions = new MongoCustomConversions(List.of());
        MongoMappingContext mapping = new MongoMappingContext();
        mapping.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        mapping.setApplicationContext(beans);
        mapping.afterPropertiesSet();
        MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, mapping);
        converter.setCustomConversions(conversions);
        converter.setCodecRegistryProvider(databases);
        converter.afterPropertiesSet();
        template = new MongoTemplate(databases, converter);
    }

    public MongoTemplate template() {
        return template;
    }

    public ProjectionCollections collections() {
        return collections;
    }

    @Override
    public void close() {
        client.close();
        server.shutdown();
    }
}
