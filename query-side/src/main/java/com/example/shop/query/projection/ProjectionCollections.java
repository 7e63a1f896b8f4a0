package com.example.shop.query.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The MongoDB collections of each projection, in generations, so that queries stay answered in full while a
 * projection is rebuilt. A rebuild (its {@code @ResetHandler}) starts a fresh generation: the projection's
 * processor writes into new, empty collections while every query still reads the serving generation,
 * complete but frozen at the moment of the reset. Once the rebuild has caught up with the store,
 * {@link #finishBuilding} makes the new generation the serving one and drops the old.
 * <p>A view names only its plain collection ({@code @Document("orders")}), the name of generation 0; later
 * generations add a suffix ({@code orders_g1}, ...). Each projection declares its views; queries then read
 * {@link #serving}, and {@link ProjectionWriter} writes into {@link #target}. The generations are kept in
 * MongoDB ({@value #COLLECTION}) and re-read every second, so every node of the service switches within a
 * second of the one that finished the rebuild.
 */
@Component
public class ProjectionCollections implements ConfigurerModule {

    static final String COLLECTION = "projection_generations";
    /** The unit-of-work resource naming the processor that handles the unit's events. */
    private static final String PROCESSOR = ProjectionCollections.class.getName() + "/processor";

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionCollections.class);

    record Generations(long serving, long building) {

        static final Generations FIRST = new Generations(0, 0);

        boolean isBuilding() {
            return building != serving;
        }
    }

    /** A view's projection (processor name) and the plain name of its collection. */
    private record Owner(String projection, String base) {}

    private final MongoDatabaseFactory databases;
    private final Map<String, Generations> generations = new ConcurrentHashMap<>();
    /** Each projection (processor name) and the base names of its collections. */
    private final Map<String, List<String>> projections = new ConcurrentHashMap<>();

    private final Map<Class<?>, Owner> owners = new ConcurrentHashMap<>();

    public ProjectionCollections(MongoDatabaseFactory databases) {
        this.databases = databases;
        refresh();
    }

    /** Every processor marks its units of work, so that a projection's writes go to the generation it builds. */
    @Override
    public void configureModule(Configurer configurer) {
        configurer
                .eventProcessing()
                .registerDefaultHandlerInterceptor((configuration, processor) -> writerMark(processor));
    }

    static MessageHandlerInterceptor<EventMessage<?>> writerMark(String processor) {
        return (unitOfWork, chain) -> {
            unitOfWork.resources().putIfAbsent(PROCESSOR, processor);
            return chain.proceed();
        };
    }

    /** Called by each projection: its processor's name, and the views it builds (each in a collection of its own). */
    public void declare(String projection, Class<?>... views) {
        List<String> bases = new ArrayList<>();
        for (Class<?> view : views) {
            String base = baseNameOf(view);
            owners.put(view, new Owner(projection, base));
            bases.add(base);
        }
        projections.put(projection, List.copyOf(bases));
    }

    /** Whether the current thread handles events for a projection (which sends no messages of its own). */
    public boolean isProjectionAtWork() {
        String processor = processorAtWork();
        return processor != null && projections.containsKey(processor);
    }

    /** The collection of {@code view} that queries read: the serving generation's. */
    public String serving(Class<?> view) {
        Owner owner = ownerOf(view);
        return nameOf(owner.base(), current(owner.projection()).serving());
    }

    /** The collection of {@code view} in the generation its projection builds (the serving one, if none). */
    public String building(Class<?> view) {
        Owner owner = ownerOf(view);
        return nameOf(owner.base(), current(owner.projection()).building());
    }

    /**
     * The collection of {@code view} that a write of the current thread lands in, and that the projection reads
     * its own writes back from: inside a unit of work of the projection's own processor the generation being
     * built, anywhere else (a direct call, a dead letter retried by hand) the serving one.
     */
    public String target(Class<?> view) {
        Owner owner = ownerOf(view);
        Generations current = current(owner.projection());
        return nameOf(
                owner.base(), owner.projection().equals(processorAtWork()) ? current.building() : current.serving());
    }

    public long servingGeneration(String projection) {
        return current(projection).serving();
    }

    public boolean isBuilding(String projection) {
        return current(projection).isBuilding();
    }

    /** The processor whose unit of work the current thread is in, if any. */
    private static String processorAtWork() {
        return CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().getResource(PROCESSOR) : null;
    }

    private Owner ownerOf(Class<?> view) {
        Owner owner = owners.get(view);
        if (owner == null) {
            throw new IllegalStateException(view.getName() + " is not the view of a declared projection");
        }
        return owner;
    }

    /** The plain name a view gives its collection in {@code @Document}: generation 0's. */
    private static String baseNameOf(Class<?> view) {
        org.springframework.data.mongodb.core.mapping.Document document = AnnotatedElementUtils.findMergedAnnotation(
                view, org.springframework.data.mongodb.core.mapping.Document.class);
        if (document == null
                || document.collection().isBlank()
                || document.collection().contains("#{")) {
            throw new IllegalArgumentException(view.getName() + " must name its plain collection in @Document");
        }
        return document.collection();
    }

    private Generations current(String projection) {
        return generations.getOrDefault(projection, Generations.FIRST);
    }

    private List<String> collectionsOf(String projection) {
        List<String> bases = projections.get(projection);
        if (bases == null) {
            throw new IllegalStateException("Projection " + projection + " declared no collections");
        }
        return bases;
    }

    /**
     * Starts a fresh, empty generation of the collections {@code projection} declared, for a rebuild; queries
     * go on reading the serving one. Leftovers of an earlier rebuild that never finished are dropped.
     */
    public void startBuilding(String projection) {
        List<String> bases = collectionsOf(projection);
        Generations current = read(projection);
        long next = current.serving() + 1;
        MongoDatabase database = databases.getMongoDatabase();
        for (String base : bases) {
            dropIfPresent(database, nameOf(base, next));
        }
        Generations building = new Generations(current.serving(), next);
        database.getCollection(COLLECTION)
                .replaceOne(
                        Filters.eq("_id", projection),
                        new Document("_id", projection)
                                .append("serving", building.serving())
                                .append("building", building.building()),
                        new ReplaceOptions().upsert(true));
        generations.put(projection, building);
        LOG.info(
                "Projection {} builds generation {} while queries read generation {}",
                projection,
                next,
                current.serving());
    }

    /**
     * Makes the generation being built the serving one and drops the one it replaces. Safe to call from every
     * node: only the one whose switch lands drops the old collections. Answers whether there was a switch.
     */
    public boolean finishBuilding(String projection) {
        Generations current = read(projection);
        if (!current.isBuilding()) {
            return false;
        }
        MongoCollection<Document> store = databases.getMongoDatabase().getCollection(COLLECTION);
        long switched = store.updateOne(
                        Filters.and(
                                Filters.eq("_id", projection),
                                Filters.eq("serving", current.serving()),
                                Filters.eq("building", current.building())),
                        Updates.set("serving", current.building()))
                .getModifiedCount();
        generations.put(projection, new Generations(current.building(), current.building()));
        if (switched == 0) {
            return false; // another node switched first
        }
        for (String base : collectionsOf(projection)) {
            dropIfPresent(databases.getMongoDatabase(), nameOf(base, current.serving()));
        }
        LOG.info(
                "Projection {} switched to generation {}; generation {} dropped",
                projection,
                current.building(),
                current.serving());
        return true;
    }

    /**
     * Picks up switches made by other nodes: every second, and at once before a processor resumes after another
     * node rebuilt it, so that its first writes go to the generation being built.
     */
    @Scheduled(fixedDelay = 1000)
    public void refresh() {
        databases
                .getMongoDatabase()
                .getCollection(COLLECTION)
                .find()
                .forEach(stored -> generations.put(stored.getString("_id"), generationsOf(stored)));
    }

    private Generations read(String projection) {
        Document stored = databases
                .getMongoDatabase()
                .getCollection(COLLECTION)
                .find(Filters.eq("_id", projection))
                .first();
        Generations current = stored == null ? Generations.FIRST : generationsOf(stored);
        generations.put(projection, current);
        return current;
    }

    private static Generations generationsOf(Document stored) {
        return new Generations(
                stored.get("serving", Number.class).longValue(),
                stored.get("building", Number.class).longValue());
    }

    /** The in-process server logs a failed drop of a missing collection as an error. */
    private static void dropIfPresent(MongoDatabase database, String collection) {
        if (database.listCollectionNames().into(new ArrayList<>()).contains(collection)) {
            database.getCollection(collection).drop();
        }
    }

    static String nameOf(String base, long generation) {
        return generation == 0 ? base : base + "_g" + generation;
    }
}
