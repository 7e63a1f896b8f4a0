package com.example.shop.platform;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who caused the work on this thread and which request it belongs to: the principal (a user, or
 * {@code system:<component>}), the correlation id shared by everything one request caused, and the
 * request's W3C trace id. Commands sent from this thread carry it as metadata, and every event and
 * command they cause inherits it.
 */
public record AuditContext(String principal, String correlationId, String traceId) {

    public static final String PRINCIPAL = "principal";
    public static final String CORRELATION_ID = "correlationId";
    /** The id of the message that directly caused this one. */
    public static final String CAUSATION_ID = "causationId";

    public static final String TRACE_ID = "traceId";
    public static final String ANONYMOUS = "anonymous";

    private static final ThreadLocal<AuditContext> CURRENT = new ThreadLocal<>();

    /** Work a component of ours starts on its own, not on behalf of a request. */
    public static AuditContext system(String component) {
        return new AuditContext(
                "system:" + component, ThreadLocalSecureRandom.uuid().toString(), newTraceId());
    }

    public static Optional<AuditContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Makes {@code context} current, also for the log lines written meanwhile ({@link LogContext}), until the
     * returned scope is closed; the previous one comes back then.
     */
    public static Scope enter(AuditContext context) {
        AuditContext previous = CURRENT.get();
        CURRENT.set(context);
        Scope logged = LogContext.enter(context.principal(), context.correlationId(), context.traceId());
        return () -> {
            logged.close();
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /**
     * 16 random bytes as 32 lower-case hex digits, the W3C trace-context format. A trace id identifies,
     * it protects nothing, so it does not pay for a secure random on every request.
     */
    public static String newTraceId() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    public Map<String, String> asMetadata() {
        return Map.of(PRINCIPAL, principal, CORRELATION_ID, correlationId, TRACE_ID, traceId);
    }

    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
