package com.example.shop.support;

import static org.awaitility.Awaitility.await;

import com.example.shop.fulfilment.OrderFulfilmentSaga;
import com.example.shop.order.OrderCancelledEvent;
import com.example.shop.order.OrderFailedEvent;
import com.example.shop.order.OrderPlacedEvent;
import com.example.shop.order.OrderShippedEvent;
import com.example.shop.order.OrderStockCommittedEvent;
import com.example.shop.order.OrderStockReleasedEvent;
import com.example.shop.simulator.Faults;
import com.example.shop.simulator.PaymentGatewaySimulator;
import com.example.shop.simulator.ShippingCarrierSimulator;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole service on a real port, with a real PostgreSQL (the local one on 127.0.0.1:5432 when it
 * listens, an embedded server otherwise), the in-process MongoDB wire server and the provider simulators.
 * All subclasses share one application context; each test uses SKUs and customers of its own, and a test
 * that injects faults into a simulator has them cleared after it. Sagas retry fast here (after 1 s,
 * at most every 4 s) so that a parked order comes back within a test's patience. A context's data directory
 * is deleted when it closes, and every context is closed once all tests have run.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "shop.embedded.postgres.prefer-local=true",
            "shop.embedded.mongo.persistent=false",
            "shop.embedded.data-dir=target/test-data/${random.uuid}",
            "shop.embedded.delete-data-on-close=true",
            "shop.fulfilment.retry-after=PT1S",
            "shop.fulfilment.retry-max=PT4S",
            "shop.providers.payment.read-timeout=PT0.5S",
            "shop.providers.shipping.read-timeout=PT0.5S",
            "shop.providers.payment.retry-backoff=PT0.02S",
            "shop.providers.shipping.retry-backoff=PT0.02S",
            "shop.providers.payment.breaker-open-for=PT1S",
            "shop.providers.shipping.breaker-open-for=PT1S",
            "db-scheduler.polling-interval=200ms",
            "shop.simulators.payment.port=0",
            "shop.simulators.shipping.port=0",
            "shop.security.cors.allowed-origins=" + ServiceTest.FRONT_END,
            // admission control has a test of its own (AdmissionIT); the others place orders as fast as they like
            "shop.orders.admission.max-open-orders=1000000",
            "shop.orders.admission.max-projection-lag=PT1H",
            // rate limits have a test of their own (RateLimitIT); here every request comes from one address
            "shop.rate-limits.reads.requests=100000000",
            "shop.rate-limits.orders.requests=100000000",
            "shop.rate-limits.claims.requests=100000000",
            "shop.rate-limits.login.requests=100000000",
            "shop.security.admin.email=" + ServiceTest.ADMIN_EMAIL,
            "shop.security.admin.password=" + ServiceTest.ADMIN_PASSWORD
        })
@ExtendWith(ContextsClosedAfterAllTests.class)
public abstract class ServiceTest {

    private static final List<String> TERMINAL_EVENTS = List.of(
            OrderShippedEvent.class.getName(), OrderFailedEvent.class.getName(), OrderCancelledEvent.class.getName());
    /** What the saga records once an ended order's stock has gone out or come back. */
    private static final List<String> SETTLED_EVENTS =
            List.of(OrderStockCommittedEvent.class.getName(), OrderStockReleasedEvent.class.getName());

    public static final String ADMIN_EMAIL = "admin@shop.test";
    public static final String FRONT_END = "https://shop.example";
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    private static final Map<Integer, String> ADMIN_TOKENS = new ConcurrentHashMap<>();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected PaymentGatewaySimulator paymentGateway;

    @Autowired
    protected ShippingCarrierSimulator shippingCarrier;

    /** Staff: may act for any customer. */
    protected Api api;

    /** The access token {@link #api} sends. */
    protected String adminToken;

    /** No credentials at all. */
    protected Api anonymous;

    /** A registered customer with an Api that carries their access token. */
    protected record Customer(String accountId, String customerId, String email, String password, Api api) {}

    @BeforeEach
    void connect() {
        anonymous = new Api(port);
        // one admin login per application context: Argon2 makes every login cost tens of milliseconds
        adminToken = ADMIN_TOKENS.computeIfAbsent(
                port,
                p -> anonymous
                        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
                        .json()
                        .path("accessToken")
                        .asText());
        api = anonymous.withToken(adminToken);
    }

    protected Customer newCustomer() {
        String email = unique("customer").toLowerCase() + "@example.test";
        String password = "correct horse battery " + UUID.randomUUID();
        Api.Response registered = anonymous.post("/auth/register", Api.credentials(email, password));
        if (registered.status() != 201) {
            throw new AssertionError("registration refused: " + registered);
        }
        return new Customer(
                registered.json().path("accountId").asText(),
                registered.json().path("customerId").asText(),
                email,
                password,
                anonymous.loggedInAs(email, password));
    }

    @AfterEach
    void healProviders() {
        paymentGateway.faults(Faults.none());
        shippingCarrier.faults(Faults.none());
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /**
     * Every event in the store, counted once no saga is running: sagas of earlier tests append in the
     * background, and a test that checks "this request wrote nothing" must not see their events.
     */
    protected long storedEvents() {
        awaitNoActiveSagas(Duration.ofSeconds(30));
        return jdbc.sql("select count(*) from domain_event_entry")
                .query(Long.class)
                .single();
    }

    /**
     * No saga running, counted only once the saga processor has seen every stored event: a saga whose first
     * event it has not committed yet is in no table, while the commands it sent may already be appending events.
     */
    protected void awaitNoActiveSagas(Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.sql("""
                        select (select count(*) from saga_entry) = 0
                           and coalesce((select max(global_index) from domain_event_entry), -1)
                               <= coalesce((select max((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint)
                                            from token_entry where processor_name = :processor
                                              and token_type like '%GapAwareTrackingToken'), -1)""")
                        .param("processor", OrderFulfilmentSaga.PROCESSING_GROUP)
                        .query(Boolean.class)
                        .single());
    }

    protected long ordersPlacedBy(String customerId) {
        return jdbc.sql("""
                        select count(*) from domain_event_entry
                        where payload_type = :type and convert_from(payload, 'UTF8')::jsonb ->> 'customerId' = :customer""")
                .param("type", OrderPlacedEvent.class.getName())
                .param("customer", customerId)
                .query(Long.class)
                .single();
    }

    /**
     * Waits until every order has ended and its stock has settled (gone out with the shipment, or back), and returns
     * how each ended (the simple name of its terminal event).
     */
    protected Map<String, String> awaitEnded(Collection<String> orderIds, Duration within) {
        return await().atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> endings(orderIds), endings -> endings.size() == orderIds.size());
    }

    private Map<String, String> endings(Collection<String> orderIds) {
        Map<String, String> endings = new HashMap<>();
        Set<String> settled = new HashSet<>();
        jdbc.sql("""
                        select aggregate_identifier, payload_type from domain_event_entry
                        where payload_type in (:types) and aggregate_identifier in (:ids)""")
                .param(
                        "types",
                        Stream.concat(TERMINAL_EVENTS.stream(), SETTLED_EVENTS.stream())
                                .toList())
                .param("ids", orderIds)
                .query((row, n) -> Map.entry(row.getString(1), row.getString(2)))
                .list()
                .forEach(event -> {
                    if (SETTLED_EVENTS.contains(event.getValue())) {
                        settled.add(event.getKey());
                    } else {
                        endings.put(
                                event.getKey(),
                                event.getValue().substring(event.getValue().lastIndexOf('.') + 1));
                    }
                });
        endings.keySet().retainAll(settled);
        return endings;
    }
}
