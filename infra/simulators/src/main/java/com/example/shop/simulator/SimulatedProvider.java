package com.example.shop.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated external HTTP provider: a real HTTP server on 127.0.0.1 with fault injection, idempotency keys,
 * a cancellation endpoint and a ledger of what the provider actually did.
 * <p>
 * Provider API: {@code POST /<resource>} (creates, requires {@code Idempotency-Key}) and
 * {@code POST /<resource>/<key>/cancellation}. Control API (no faults, not counted): {@code GET|PUT /_sim/faults},
 * {@code GET /_sim/ledger}, {@code POST /_sim/reset}.
 * <p>
 * Subclasses only decide what a create and a cancellation do; they always run under the lock of their key,
 * so a create and a cancellation of the same key never interleave.
 *
 * @param <R> the validated create request; its equality decides whether a repeated key carries the same request
 * @param <E> the ledger entry
 */
public abstract class SimulatedProvider<R, E extends LedgerEntry<E>> implements AutoCloseable {

    static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String KEY_RULE = "1..128 characters of [A-Za-z0-9._:-]";
    private static final String CONTROL_PREFIX = "/_sim/";
    private static final String CANCELLATION_SUFFIX = "/cancellation";
    private static final String LOOPBACK = "127.0.0.1";
    /** Room for a burst of concurrent test clients. */
    private static final int ACCEPT_BACKLOG = 128;

    /**
     * The JDK server writes the headers and the body of a response separately; with Nagle's algorithm the body then
     * waits for the client's delayed ACK, adding ~40 ms of phantom latency to every answer. The server reads this
     * property once, when its first instance is created, so it only helps if no HttpServer ran before in this JVM.
     */
    private static final String JDK_SERVER_NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(JDK_SERVER_NO_DELAY) == null) {
            System.setProperty(JDK_SERVER_NO_DELAY, "true");
        }
    }

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final String collectionPath;
    private final int requestedPort;
    private final AtomicReference<Faults> faults = new AtomicReference<>(Faults.none());
    private final AtomicLong requestCount = new AtomicLong();
    private final AtomicInteger failuresAhead = new AtomicInteger();
    /** The latest calls, oldest first, guarded by itself; bounded so that a long load run does not fill memory. */
    private final Deque<ReceivedCall> received = new ArrayDeque<>();

    static final int RECEIVED_KEPT = 1_000;
    private final ConcurrentHashMap<String, KeySlot<R>> keySlots = new ConcurrentHashMap<>();
    /** Insertion ordered, guarded by itself; entries are replaced, never mutated. */
    private final Map<String, E> ledger = new LinkedHashMap<>();

    private volatile Random random;
    private HttpServer server;
    private ExecutorService executor;
    private ScheduledExecutorService delayedReplies;

    /**
     * Everything known about one idempotency key; its monitor is the per-key lock that makes the first-wins
     * decision and the create/cancel race atomic.
     */
    private static final class KeySlot<R> {
        int attempts;
        R request;
        Reply storedReply;
        boolean cancelledBeforeCreate;
    }

    private record Answer(Reply reply, long delayMs) {}

    @FunctionalInterface
    private interface ReplyProducer {
        Reply produce() throws IOException;
    }

    /**
     * @param name     used for thread names and logs, e.g. "payment-sim"
     * @param resource the collection of the provider API, e.g. "payments"
     * @param port     0 for any free port
     */
    SimulatedProvider(String name, String resource, int port, Random random) {
        this.name = Objects.requireNonNull(name);
        this.collectionPath = "/" + Objects.requireNonNull(resource);
        this.requestedPort = port;
        this.random = Objects.requireNonNull(random);
    }

    // ---- what a concrete provider decides ---------------------------------------------------------------------

    /** Validates a create body; throws {@link ProblemException} for a bad one. */
    abstract R parseCreate(ObjectNode body);

    /** Processes the first create request of a key. Must record a ledger entry. */
    abstract Reply create(String key, R request, Faults faults);

    /** Answers the first create request of a key that was cancelled before. Must record a ledger entry. */
    abstract Reply refuseCancelled(String key, R request);

    /** Cancels a key no create has been processed for yet; the base class remembers the tombstone. */
    abstract Reply cancelBeforeCreate(String key);

    /** Cancels what the create request of the entry's key did; must be idempotent. */
    abstract Reply cancelAfterCreate(E entry);

    // ---- lifecycle ------------------------------------------------------------------------------------------

    public synchronized SimulatedProvider<R, E> start() {
        if (server != null) {
            throw new IllegalStateException(name + " is already running on port " + port());
        }
        HttpServer created;
        try {
            created = HttpServer.create(new InetSocketAddress(LOOPBACK, requestedPort), ACCEPT_BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException(name + " cannot listen on port " + requestedPort, e);
        }
        // handlers do the provider's work (under per-key locks), so they must not run on the accepting thread
        executor = Executors.newCachedThreadPool(daemonThreads(name));
        // a slow remote is simulated by answering later from a scheduler, not by holding a thread
        delayedReplies = Executors.newSingleThreadScheduledExecutor(daemonThreads(name + "-delay"));
        created.setExecutor(executor);
        created.createContext("/", this::handle);
        created.start();
        server = created;
        log.info("{} started on port {}", name, port());
        return this;
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + LOOPBACK + ":" + port();
    }

    /** Stops at once; responses still being delayed are dropped and their clients see a closed connection. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        int port = port();
        server.stop(0);
        executor.shutdownNow();
        delayedReplies.shutdownNow();
        server = null;
        executor = null;
        delayedReplies = null;
        log.info("{} stopped on port {}", name, port);
    }

    @Override
    public void close() {
        stop();
    }

    // ---- control ----------------------------------------------------------------------------------------------

    public Faults faults() {
        return faults.get();
    }

    public void faults(Faults faults) {
        this.faults.set(Objects.requireNonNull(faults));
    }

    /** The next {@code requests} calls on the provider API fail with a transient 503, whatever the faults. */
    public void failNext(int requests) {
        failuresAhead.set(requests);
    }

    /** Replaces the source of randomness, e.g. with a seeded one for reproducible fault sequences. */
    public void random(Random random) {
        this.random = Objects.requireNonNull(random);
    }

    public void randomSeed(long seed) {
        random(new Random(seed));
    }

    /** All entries in the order their keys first appeared. */
    public List<E> ledger() {
        synchronized (ledger) {
            return List.copyOf(ledger.values());
        }
    }

    /** Requests received on the provider API since start or the last reset, failed and refused ones included. */
    public long requestCount() {
        return requestCount.get();
    }

    /** The latest {@value #RECEIVED_KEPT} requests on the provider API, oldest first. */
    public List<ReceivedCall> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Forgets the ledger, all idempotency keys, the request count, the calls received and the faults. */
    public void reset() {
        synchronized (received) {
            received.clear();
        }
        faults.set(Faults.none());
        failuresAhead.set(0);
        keySlots.clear();
        synchronized (ledger) {
            ledger.clear();
        }
        requestCount.set(0);
        log.debug("{} reset", name);
    }

    // ---- helpers for the concrete providers -------------------------------------------------------------------

    /** True with the given probability; rates of exactly 0 and 1 use no randomness, so they are deterministic. */
    boolean roll(double rate) {
        if (rate <= 0) {
            return false;
        }
        return rate >= 1 || random.nextDouble() < rate;
    }

    void record(E entry) {
        synchronized (ledger) {
            ledger.put(entry.idempotencyKey(), entry);
        }
    }

    List<E> entriesFor(String reference) {
        List<E> matching = new ArrayList<>();
        for (E entry : ledger()) {
            if (Objects.equals(reference, entry.reference())) {
                matching.add(entry);
            }
        }
        return matching;
    }

    // ---- request handling -------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Answer answer;
        try {
            answer = answer(exchange, method, path);
        } catch (RuntimeException e) {
            log.error("{} {} {}: failed to respond", name, method, path, e);
            exchange.close();
            return;
        }
        if (answer.delayMs() <= 0) {
            respond(exchange, method, path, answer);
            return;
        }
        try {
            delayedReplies.schedule(
                    () -> respond(exchange, method, path, answer), answer.delayMs(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.debug("{} {} {}: stopped while delaying the response", name, method, path);
            exchange.close();
        }
    }

    private void respond(HttpExchange exchange, String method, String path, Answer answer) {
        try {
            send(exchange, answer.reply());
            log.debug(
                    "{} {} {} -> {} after a delay of {} ms",
                    name,
                    method,
                    path,
                    answer.reply().status(),
                    answer.delayMs());
        } catch (IOException e) {
            // usual when the client's read timeout expired during the simulated delay
            log.debug("{} {} {}: response not delivered: {}", name, method, path, e.toString());
        } catch (RuntimeException e) {
            log.error("{} {} {}: failed to respond", name, method, path, e);
        } finally {
            exchange.close();
        }
    }

    /** Applies the faults in their order of precedence: outage, error, then processing followed by timeout or latency. */
    private Answer answer(HttpExchange exchange, String method, String path) {
        if (path.startsWith(CONTROL_PREFIX)) {
            return new Answer(safely(() -> control(exchange, method, path)), 0);
        }
        requestCount.incrementAndGet();
        ReceivedCall call = new ReceivedCall(
                method,
                path,
                exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY_HEADER),
                exchange.getRequestHeaders().getFirst("traceparent"));
        synchronized (received) {
            if (received.size() == RECEIVED_KEPT) {
                received.removeFirst();
            }
            received.addLast(call);
        }
        Faults current = faults.get();
        if (current.outage()) {
            return new Answer(Reply.unavailable("simulated outage"), 0);
        }
        if (failuresAhead.getAndUpdate(ahead -> Math.max(0, ahead - 1)) > 0) {
            return new Answer(Reply.unavailable("simulated transient error, nothing was processed"), 0);
        }
        if (roll(current.errorRate())) {
            return new Answer(
                    Reply.unavailable("simulated transient error, nothing was processed"), current.latencyMs());
        }
        Reply reply = safely(() -> providerApi(exchange, method, path, current));
        long delayMs = roll(current.timeoutRate()) ? current.timeoutDelayMs() : current.latencyMs();
        return new Answer(reply, delayMs);
    }

    /** Turns client errors into their problem and anything unexpected into a 500, so every request gets an answer. */
    private Reply safely(ReplyProducer producer) {
        try {
            return producer.produce();
        } catch (ProblemException e) {
            return e.toReply();
        } catch (Exception e) {
            log.error("{}: unexpected failure while processing a request", name, e);
            return Reply.problem(500, "internal-error", "Internal Server Error", e.toString());
        }
    }

    private Reply providerApi(HttpExchange exchange, String method, String path, Faults current) throws IOException {
        if (path.equals(collectionPath)) {
            return "POST".equals(method) ? createOnce(exchange, current) : Reply.methodNotAllowed(method, "POST");
        }
        String cancelledKey = cancellationKey(path);
        if (cancelledKey != null) {
            return "POST".equals(method) ? cancel(cancelledKey) : Reply.methodNotAllowed(method, "POST");
        }
        return Reply.notFound(path);
    }

    /** The key of {@code /<resource>/<key>/cancellation}, or null for any other path. */
    private String cancellationKey(String path) {
        String prefix = collectionPath + "/";
        if (!path.startsWith(prefix)
                || !path.endsWith(CANCELLATION_SUFFIX)
                || path.length() <= prefix.length() + CANCELLATION_SUFFIX.length()) {
            return null;
        }
        String key = path.substring(prefix.length(), path.length() - CANCELLATION_SUFFIX.length());
        return key.contains("/") ? null : requireValidKey(key, "the key in the path");
    }

    private Reply createOnce(HttpExchange exchange, Faults current) throws IOException {
        String key = requireValidKey(
                exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY_HEADER), "header " + IDEMPOTENCY_KEY_HEADER);
        R request = parseCreate(Json.readObject(exchange.getRequestBody()));
        KeySlot<R> slot = keySlots.computeIfAbsent(key, k -> new KeySlot<>());
        synchronized (slot) {
            slot.attempts++;
            Reply reply = firstOrReplay(key, request, slot, current);
            updateAttempts(key, slot.attempts);
            return reply;
        }
    }

    /** Caller holds the slot's lock. */
    private Reply firstOrReplay(String key, R request, KeySlot<R> slot, Faults current) {
        if (slot.storedReply != null) {
            if (!slot.request.equals(request)) {
                return Reply.problem(
                        422,
                        "idempotency-key-reused",
                        "Idempotency Key Reused",
                        "key " + key + " was already used for a different request");
            }
            return slot.storedReply.withHeader(REPLAYED_HEADER, "true");
        }
        Reply reply = slot.cancelledBeforeCreate ? refuseCancelled(key, request) : create(key, request, current);
        slot.request = request;
        slot.storedReply = reply;
        return reply;
    }

    private Reply cancel(String key) {
        KeySlot<R> slot = keySlots.computeIfAbsent(key, k -> new KeySlot<>());
        synchronized (slot) {
            if (slot.storedReply == null) {
                // the create may still be on its way: the tombstone makes it a no-op when it arrives
                slot.cancelledBeforeCreate = true;
                return cancelBeforeCreate(key);
            }
            E entry;
            synchronized (ledger) {
                entry = ledger.get(key);
            }
            if (entry == null) {
                throw new IllegalStateException("no ledger entry for processed key " + key);
            }
            return cancelAfterCreate(entry);
        }
    }

    private void updateAttempts(String key, int attempts) {
        synchronized (ledger) {
            ledger.computeIfPresent(key, (k, entry) -> entry.withAttempts(attempts));
        }
    }

    private Reply control(HttpExchange exchange, String method, String path) throws IOException {
        return switch (path) {
            case CONTROL_PREFIX + "faults" ->
                switch (method) {
                    case "GET" -> Reply.json(200, faults());
                    case "PUT" -> {
                        Faults updated = Json.faultsFrom(Json.readObject(exchange.getRequestBody()));
                        faults(updated);
                        log.debug("{} faults set to {}", name, updated);
                        yield Reply.json(200, updated);
                    }
                    default -> Reply.methodNotAllowed(method, "GET, PUT");
                };
            case CONTROL_PREFIX + "ledger" ->
                "GET".equals(method) ? Reply.json(200, ledger()) : Reply.methodNotAllowed(method, "GET");
            case CONTROL_PREFIX + "reset" -> {
                if (!"POST".equals(method)) {
                    yield Reply.methodNotAllowed(method, "POST");
                }
                reset();
                yield Reply.noContent();
            }
            default -> Reply.notFound(path);
        };
    }

    private static String requireValidKey(String key, String where) {
        if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw ProblemException.badRequest(where + " must be an idempotency key of " + KEY_RULE);
        }
        return key;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        exchange.getResponseBody().write(reply.body());
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
