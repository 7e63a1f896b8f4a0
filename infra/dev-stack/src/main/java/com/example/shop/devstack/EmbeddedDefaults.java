package com.example.shop.devstack;

import com.example.shop.simulator.PaymentGatewaySimulator;
import com.example.shop.simulator.ShippingCarrierSimulator;
import com.example.shop.simulator.SimulatedProvider;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.commons.logging.Log;
import org.h2.mvstore.MVStore;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Starts the databases the service needs when none is configured, so that a clone runs with one command:
 * a real PostgreSQL server (zonky's embedded binaries) unless {@code spring.datasource.url} is set, an
 * in-process MongoDB wire-protocol server unless {@code spring.data.mongodb.uri} is set, and simulators of
 * the payment gateway and the shipping carrier unless {@code shop.providers.*.base-url} point at real ones, and
 * a development master key unless {@code shop.security.master-key-id} is set. Data lives
 * under {@code shop.embedded.data-dir} and survives restarts. {@code shop.embedded.enabled=false} turns
 * all of this off, for production. {@code shop.embedded.delete-data-on-close=true} deletes that directory when
 * the context closes (tests that need no data beyond their context).
 *
 * <p>Several nodes on one machine share one set of these: {@link SharedDevStack} runs them as a process of its own
 * on fixed ports ({@code shop.embedded.mongo.port}, {@code shop.simulators.*.port}), and each node is given their
 * addresses, so it starts none of its own.
 *
 * <p>Tests set {@code shop.embedded.postgres.prefer-local=true}: a PostgreSQL listening on
 * 127.0.0.1:5432 then gets a fresh database per application context instead of an embedded server.
 */
public class EmbeddedDefaults implements EnvironmentPostProcessor, Ordered {

    private static final String PROPERTY_SOURCE = "shopEmbeddedDefaults";
    private static final String MASTER_KEY_ID = "shop.security.master-key-id";
    private static final String LOOPBACK = "127.0.0.1";

    private final Log log;

    public EmbeddedDefaults(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedDefaults.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("shop.embedded.enabled", Boolean.class, true)
                || environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            return;
        }
        Path dataDir = Path.of(environment.getProperty("shop.embedded.data-dir", "data"))
                .toAbsolutePath();
        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, AutoCloseable> started = new LinkedHashMap<>();
        if (!environment.containsProperty("spring.datasource.url")) {
            started.put("embeddedPostgres", postgres(environment, dataDir, properties));
        }
        if (!environment.containsProperty("spring.data.mongodb.uri")) {
            started.put("embeddedMongo", mongo(environment, dataDir, properties));
        }
        if (!environment.containsProperty(MASTER_KEY_ID) && !SharedDevStack.runs(application)) {
            developmentMasterKey(dataDir, properties);
        }
        simulator(environment, "payment", "paymentGatewaySimulator", PaymentGatewaySimulator::new, properties, started);
        simulator(
                environment,
                "shipping",
                "shippingCarrierSimulator",
                ShippingCarrierSimulator::new,
                properties,
                started);
        if (properties.isEmpty()) {
            return;
        }
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
        boolean deleteDataOnClose = environment.getProperty("shop.embedded.delete-data-on-close", Boolean.class, false);
        // registered before any other bean, so they are destroyed after everything that uses them
        application.addInitializers((ConfigurableApplicationContext context) -> {
            DefaultListableBeanFactory beanFactory = (DefaultListableBeanFactory) context.getBeanFactory();
            if (deleteDataOnClose) {
                // registered first, so destroyed last: once the servers below have stopped writing to it
                beanFactory.registerDisposableBean(
                        "embeddedDataCleanup", () -> FileSystemUtils.deleteRecursively(dataDir));
            }
            started.forEach((name, server) -> {
                beanFactory.registerSingleton(name, server);
                beanFactory.registerDisposableBean(name, server::close);
            });
            if (started.get("embeddedPostgres") instanceof EmbeddedPostgres) {
                ClosedBeforeExit.register(context);
            }
        });
    }

    /**
     * A master key kept beside the embedded data, so that a developer's service starts without secrets and
     * its data stays readable across restarts. Production sets shop.security.master-keys from a secret.
     */
    private void developmentMasterKey(Path dataDir, Map<String, Object> properties) {
        Path file = dataDir.resolve("master-key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.writeString(file, "dev-1 " + Base64.getEncoder().encodeToString(key) + "\n");
                file.toFile().setReadable(false, false);
                file.toFile().setReadable(true, true);
                log.warn("Generated a development master key in " + file
                        + "; set shop.security.master-keys in production");
            }
            String[] idAndKey = Files.readString(file).trim().split(" ");
            properties.put(MASTER_KEY_ID, idAndKey[0]);
            properties.put("shop.security.master-keys." + idAndKey[0], idAndKey[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the development master key " + file, e);
        }
    }

    /**
     * Starts the provider's simulator unless {@code shop.providers.<provider>.base-url} names one: a real provider,
     * or the simulator of another node or of {@link SharedDevStack}, so that several nodes keep one ledger.
     */
    private void simulator(
            ConfigurableEnvironment environment,
            String provider,
            String beanName,
            IntFunction<SimulatedProvider<?, ?>> onPort,
            Map<String, Object> properties,
            Map<String, AutoCloseable> started) {
        String baseUrlProperty = "shop.providers." + provider + ".base-url";
        if (environment.containsProperty(baseUrlProperty)) {
            log.info("No " + provider + " simulator started: " + baseUrlProperty + " is "
                    + environment.getProperty(baseUrlProperty));
            return;
        }
        SimulatedProvider<?, ?> simulator = onPort.apply(
                        environment.getProperty("shop.simulators." + provider + ".port", Integer.class, 0))
                .start();
        properties.put(baseUrlProperty, simulator.baseUrl());
        started.put(beanName, simulator);
        log.info("Started the " + provider + " simulator at " + simulator.baseUrl());
    }

    private AutoCloseable postgres(ConfigurableEnvironment environment, Path dataDir, Map<String, Object> properties) {
        if (environment.getProperty("shop.embedded.postgres.prefer-local", Boolean.class, false)
                && LocalPostgres.isListening()) {
            LocalPostgres.Database database = LocalPostgres.createFreshDatabase();
            log.info("Using a fresh database " + database.name() + " on the local PostgreSQL at 127.0.0.1:5432");
            properties.put("spring.datasource.url", database.jdbcUrl());
            properties.put("spring.datasource.username", LocalPostgres.USER);
            properties.put("spring.datasource.password", "");
            return database;
        }
        Path directory = dataDir.resolve("postgres");
        try {
            Files.createDirectories(directory.getParent());
            StalePostmaster.stopIfRunning(directory, log);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(
                            environment.getProperty("shop.embedded.postgres.port", Integer.class, 0) == 0
                                    ? freePort()
                                    : environment.getProperty("shop.embedded.postgres.port", Integer.class))
                    .setServerConfig("max_connections", "200")
                    .start();
            log.info("Started embedded PostgreSQL with data in " + directory);
            properties.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
            properties.put("spring.datasource.username", "postgres");
            properties.put("spring.datasource.password", "");
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + directory, e);
        }
    }

    private AutoCloseable mongo(ConfigurableEnvironment environment, Path dataDir, Map<String, Object> properties) {
        EmbeddedMongoSettings settings =
                Binder.get(environment).bindOrCreate("shop.embedded.mongo", Bindable.of(EmbeddedMongoSettings.class));
        MongoBackend backend;
        if (settings.persistent()) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            MVStore store = new MVStore.Builder()
                    .fileName(dataDir.resolve("mongo.mv").toString())
                    .open();
            // H2 writes changes to the file in the background, by default once a second: a service killed in that
            // second lost read-model writes whose tracking tokens PostgreSQL had already committed, for good
            store.setAutoCommitDelay(20);
            backend = new H2Backend(store);
        } else {
            // the plain memory backend: H2's in-memory store serialises every document it compares
            backend = new MemoryBackend();
        }
        // the 5.x driver refuses the server's default wire version
        backend.version(ServerVersion.MONGO_5_0);
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address;
        try {
            // loopback only: the server has no authentication
            server.bind(LOOPBACK, settings.port());
            address = server.getLocalAddress();
        } catch (Exception e) { // netty throws a taken port's BindException unchecked
            server.shutdownNow();
            backend.close();
            throw new IllegalStateException(
                    "could not start the in-process MongoDB wire server on " + LOOPBACK + ":" + settings.port()
                            + " (shop.embedded.mongo.port): " + e.getMessage(),
                    e);
        }
        log.info("Started in-process MongoDB wire server on port " + address.getPort()
                + (settings.persistent() ? " with data in " + dataDir.resolve("mongo.mv") : " in memory"));
        properties.put(
                "spring.data.mongodb.uri",
                "mongodb://" + LOOPBACK + ":" + address.getPort() + "/"
                        + environment.getProperty("shop.mongo.database", "shop"));
        return () -> {
            server.shutdown();
            backend.close();
        };
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
