package com.example.shop.platform;

import java.util.Map;
import org.slf4j.MDC;

/**
 * What every log line says about the work it belongs to: the principal, the correlation id and the trace id,
 * as MDC entries under the same names as the messages' metadata. Each scope puts its values and gives the
 * previous ones back when it closes, so a pooled thread never carries one request's ids into the next. Where
 * tracing has put a trace id already (with its span id) it is left alone: the tracer owns it while a span is current.
 */
public final class LogContext {

    private static final String[] KEYS = {AuditContext.PRINCIPAL, AuditContext.CORRELATION_ID, AuditContext.TRACE_ID};

    private LogContext() {}

    /** The given values (a null one is left as it is) until the scope is closed. */
    public static AuditContext.Scope enter(String principal, String correlationId, String traceId) {
        String[] previous = new String[KEYS.length];
        String[] values = {principal, correlationId, traceId};
        for (int i = 0; i < KEYS.length; i++) {
            previous[i] = MDC.get(KEYS[i]);
            // a current span has put its own trace id (the same trace) and keeps it up to date as spans change
            boolean spanSaysSo = KEYS[i].equals(AuditContext.TRACE_ID) && previous[i] != null;
            if (values[i] != null && !spanSaysSo) {
                MDC.put(KEYS[i], values[i]);
            }
        }
        return () -> {
            for (int i = 0; i < KEYS.length; i++) {
                if (previous[i] == null) {
                    MDC.remove(KEYS[i]);
                } else {
                    MDC.put(KEYS[i], previous[i]);
                }
            }
        };
    }

    /** The ids a message carries in its metadata (see {@link AuditContext#asMetadata()}). */
    public static AuditContext.Scope enter(Map<String, ?> metadata) {
        return enter(
                text(metadata.get(AuditContext.PRINCIPAL)),
                text(metadata.get(AuditContext.CORRELATION_ID)),
                text(metadata.get(AuditContext.TRACE_ID)));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
