package com.example.shop.bench;

import static org.awaitility.Awaitility.await;

import com.example.shop.ShopApplication;
import com.example.shop.catalog.ProductRegisteredEvent;
import com.example.shop.inventory.StockCreatedEvent;
import com.example.shop.inventory.StockIds;
import com.example.shop.inventory.StockRestockedEvent;
import com.example.shop.money.Money;
import com.example.shop.operations.projections.Projections;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The replay benchmark: fills the event store with {@code bench.replay-events} catalog events, then measures
 * on the same PostgreSQL (1) reading and deserialising them all straight from the storage engine, the
 * physical limit of a replay; (2) rebuilding the {@code product-catalog} projection as the product does;
 * (3) a naive replay of the same projection: batch size 1, one segment, one save per event, measured over
 * {@code bench.naive-seconds}. Writes {@code docs/benchmarks/replay.md}.
 */
public final class ReplayBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.replay-events", 1_000_000);
    private static final int SKUS = Integer.getInteger("bench.replay-skus", 100);
    private static final int NAIVE_SECONDS = Integer.getInteger("bench.naive-seconds", 60);
    private static final Path OUT = Path.of(System.getProperty("bench.out", "docs/benchmarks"));
    private static final String PROJECTION = "product-catalog";

    private record Rate(long events, double seconds) {
        double perSecond() {
            return events / seconds;
        }
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // the services' threads must not keep the JVM alive, after a failure least of all
    }

    private static void run() throws Exception {
        System.setProperty("java.awt.headless", "true");
        ShopApplication.disableAxonUpdateChecker();
        String dataDir = "target/bench-data/" + UUID.randomUUID();
        List<String> machine;
        Rate generated;
        Rate raw;
        Rate ours;
        Rate naive;
        int batchSize;
        try (ConfigurableApplicationContext app = start(dataDir)) {
            batchSize = app.getEnvironment()
                    .getRequiredProperty("axon.eventhandling.processors." + PROJECTION + ".batch-size", Integer.class);
            HikariDataSource pool = app.getBean(HikariDataSource.class);
            machine = Machine.describe(pool, "infra/bench/run.sh replay");
            stopProjections(app, null);
            generated = generate(app, pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
            System.out.printf(Locale.ROOT, "generated %,d events in %.1f s%n", generated.events(), generated.seconds());
            raw = rawRead(app);
            System.out.printf(Locale.ROOT, "raw read: %,.0f events/s%n", raw.perSecond());
            ours = rebuild(app);
            System.out.printf(Locale.ROOT, "rebuild: %,.0f events/s%n", ours.perSecond());
            stopProjections(app, null);
            // the naive replay runs in a second service on the same database, from a token of its own
            app.getBean(JdbcClient.class)
                    .sql("delete from token_entry where processor_name = :name")
                    .param("name", PROJECTION)
                    .update();
            // it opens the same signing and data keys, so it needs the master key the first one generated
            Files.createDirectories(Path.of(dataDir + "-naive"));
            Files.copy(Path.of(dataDir, "master-key"), Path.of(dataDir + "-naive", "master-key"));
            try (ConfigurableApplicationContext naiveApp = start(
                    dataDir + "-naive",
                    "--spring.datasource.url=" + pool.getJdbcUrl(),
                    "--spring.datasource.username=" + pool.getUsername(),
                    "--spring.datasource.password=" + (pool.getPassword() == null ? "" : pool.getPassword()),
                    "--axon.eventhandling.processors." + PROJECTION + ".batch-size=1")) {
                stopProjections(naiveApp, PROJECTION);
                naive = naive(naiveApp);
                System.out.printf(Locale.ROOT, "naive: %,.0f events/s%n", naive.perSecond());
            }
        }
        write(machine, generated, raw, ours, naive, batchSize);
    }

    private static ConfigurableApplicationContext start(String dataDir, String... extra) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--shop.embedded.postgres.prefer-local=true",
                "--shop.embedded.mongo.persistent=false",
                "--shop.embedded.data-dir=" + dataDir,
                "--shop.simulators.payment.port=0",
                "--shop.simulators.shipping.port=0",
                "--logging.level.root=WARN"));
        arguments.addAll(List.of(extra));
        return new SpringApplicationBuilder(ShopApplication.class).run(arguments.toArray(String[]::new));
    }

    /** Stops every projection but {@code keep}, so each measurement has the machine to itself. */
    private static void stopProjections(ConfigurableApplicationContext app, String keep) {
        app.getBean(EventProcessingConfiguration.class).eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .filter(processor -> !processor.getName().equals(keep))
                .forEach(processor -> processor.shutDown());
    }

    /** Products, their stock, then restocks spread over the SKUs: every event is one the projection handles. */
    private static Rate generate(ConfigurableApplicationContext app, String url, String user, String password)
            throws Exception {
        Serializer serializer = app.getBean("eventSerializer", Serializer.class);
        byte[] metadata = serializer
                .serialize(MetaData.with("principal", "system:replay-benchmark"), byte[].class)
                .getData();
        long[] sequence = new long[SKUS];
        long[] available = new long[SKUS];
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, user, password);
                PreparedStatement insert = connection.prepareStatement("""
                     insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                         time_stamp, payload_type, payload_revision, payload, meta_data)
                     values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            connection.setAutoCommit(false);
            Instant at = Instant.now();
            for (int n = 0; n < EVENTS; n++) {
                int s = n % SKUS;
                String sku = "REPLAY-" + s;
                if (n < SKUS) {
                    add(
                            insert,
                            serializer,
                            sku,
                            0,
                            "Product",
                            new ProductRegisteredEvent(sku, "Replay item " + s, new Money(100 + s, "EUR"), at),
                            metadata);
                } else if (n < 2 * SKUS) {
                    add(
                            insert,
                            serializer,
                            StockIds.of(sku),
                            sequence[s]++,
                            "Stock",
                            new StockCreatedEvent(sku, 0),
                            metadata);
                } else {
                    available[s]++;
                    add(
                            insert,
                            serializer,
                            StockIds.of(sku),
                            sequence[s]++,
                            "Stock",
                            new StockRestockedEvent(sku, 1, available[s], 0),
                            metadata);
                }
                if (n % 2_000 == 1_999) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            insert.executeBatch();
            connection.commit();
        }
        return new Rate(EVENTS, (System.nanoTime() - started) / 1e9);
    }

    private static void add(
            PreparedStatement insert,
            Serializer serializer,
            String aggregate,
            long sequence,
            String type,
            Object event,
            byte[] metadata)
            throws Exception {
        SerializedObject<byte[]> payload = serializer.serialize(event, byte[].class);
        insert.setString(1, UUID.randomUUID().toString());
        insert.setString(2, aggregate);
        insert.setLong(3, sequence);
        insert.setString(4, type);
        insert.setString(5, Instant.now().toString());
        insert.setString(6, payload.getType().getName());
        insert.setString(7, payload.getType().getRevision());
        insert.setBytes(8, payload.getData());
        insert.setBytes(9, metadata);
        insert.addBatch();
    }

    private static Rate rawRead(ConfigurableApplicationContext app) {
        EventStorageEngine engine = app.getBean(EventStorageEngine.class);
        AtomicLong read = new AtomicLong();
        long started = System.nanoTime();
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(null, false)) {
            events.forEach(event -> {
                if (event.getPayload() != null) {
                    read.incrementAndGet();
                }
            });
        }
        return new Rate(read.get(), (System.nanoTime() - started) / 1e9);
    }

    private static Rate rebuild(ConfigurableApplicationContext app) {
        Projections projections = app.getBean(Projections.class);
        long started = System.nanoTime();
        projections.rebuild(PROJECTION);
        await().atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Projections.Status status = projections.status(PROJECTION);
                    return !status.rebuilding() && status.behind() == 0;
                });
        long events = app.getBean(JdbcClient.class)
                .sql("select count(*) from domain_event_entry")
                .query(Long.class)
                .single();
        return new Rate(events, (System.nanoTime() - started) / 1e9);
    }

    /** The naive replay is far too slow to finish: its rate is measured over a fixed window. */
    private static Rate naive(ConfigurableApplicationContext app) throws Exception {
        Projections projections = app.getBean(Projections.class);
        long firstPosition = Math.max(0, projections.status(PROJECTION).position());
        long started = System.nanoTime();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try {
            long lastPosition = clock.schedule(
                            () -> projections.status(PROJECTION).position(), NAIVE_SECONDS, TimeUnit.SECONDS)
                    .get();
            return new Rate(lastPosition - firstPosition, (System.nanoTime() - started) / 1e9);
        } finally {
            clock.shutdown();
        }
    }

    private static void write(List<String> machine, Rate generated, Rate raw, Rate ours, Rate naive, int batchSize)
            throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("# Replay benchmark");
        lines.add("");
        lines.add("Written by `infra/bench/run.sh replay` on " + Instant.now()
                + ". Every figure below was measured in this one run.");
        lines.add("");
        lines.addAll(machine);
        lines.add("");
        lines.add(String.format(
                Locale.ROOT,
                "The store held %,d catalog events (%d products, their stock, then restocks "
                        + "spread over them), written straight to `domain_event_entry` with the service's serializer in %.0f s. "
                        + "Each row reads or rebuilds all of them on the same PostgreSQL; the service, the projection's "
                        + "in-process MongoDB wire server and PostgreSQL share the machine's cores.",
                EVENTS,
                SKUS,
                generated.seconds()));
        lines.add("");
        lines.add("| replay | events | seconds | events/s | ratio | target |");
        lines.add("|---|---:|---:|---:|---:|---|");
        lines.add(row(
                "raw: read and deserialise every event from the storage engine (the limit)", raw, "1.00x of raw", ""));
        double oursVsRaw = ours.perSecond() / raw.perSecond();
        lines.add(row(
                String.format(
                        Locale.ROOT,
                        "ours: `POST /admin/projections/product-catalog/rebuild` (tracking "
                                + "processor, batches of up to %,d events, one bulk write per batch)",
                        batchSize),
                ours,
                String.format(Locale.ROOT, "%.2fx of raw", oursVsRaw),
                String.format(Locale.ROOT, "at least 0.3x of raw %s", oursVsRaw >= 0.3 ? "✓" : "✗")));
        double oursVsNaive = ours.perSecond() / naive.perSecond();
        lines.add(row(
                "naive: batch size 1, one segment, one save per event (" + NAIVE_SECONDS + " s sample)",
                naive,
                String.format(Locale.ROOT, "ours is %.1fx", oursVsNaive),
                String.format(Locale.ROOT, "ours at least 20x %s", oursVsNaive >= 20 ? "✓" : "✗")));
        lines.add("");
        Files.createDirectories(OUT);
        Files.write(OUT.resolve("replay.md"), lines);
        lines.forEach(System.out::println);
    }

    private static String row(String name, Rate rate, String ratio, String target) {
        return String.format(
                Locale.ROOT,
                "| %s | %,d | %.1f | %,.0f | %s | %s |",
                name,
                rate.events(),
                rate.seconds(),
                rate.perSecond(),
                ratio,
                target);
    }
}
