package com.example.shop.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void anAuditContextIsInTheLogUntilItsScopeClosesAndTheOuterOneComesBack() {
        try (AuditContext.Scope outer = AuditContext.enter(new AuditContext("alice", "c-1", "t-1"))) {
            try (AuditContext.Scope inner = AuditContext.enter(AuditContext.system("batcher"))) {
                assertThat(MDC.get("principal")).isEqualTo("system:batcher");
                assertThat(MDC.get("correlationId")).isNotEqualTo("c-1");
            }
            assertThat(MDC.getCopyOfContextMap())
                    .containsAllEntriesOf(Map.of("principal", "alice", "correlationId", "c-1", "traceId", "t-1"));
        }
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }

    @Test
    void aMissingValueLeavesWhatTheThreadAlreadyHad() {
        MDC.put("correlationId", "from-the-request");
        try (AuditContext.Scope ignored = LogContext.enter(Map.of("principal", "bob"))) {
            assertThat(MDC.get("correlationId")).isEqualTo("from-the-request");
            assertThat(MDC.get("principal")).isEqualTo("bob");
        }
        assertThat(MDC.get("principal")).isNull();
        assertThat(MDC.get("correlationId")).isEqualTo("from-the-request");
    }

    @Test
    void aTraceIdATracerPutThereIsLeftAlone() {
        MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        try (AuditContext.Scope ignored = LogContext.enter("dave", "c-2", "0af7651916cd43dd8448eb211c80319c")) {
            assertThat(MDC.get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(MDC.get("correlationId")).isEqualTo("c-2");
        }
        assertThat(MDC.get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void aMessageIsHandledWithTheIdsItCarriesAndTheThreadIsCleanAfterwards() throws Exception {
        var event = GenericEventMessage.asEventMessage("placed")
                .withMetaData(MetaData.from(Map.of(
                        "principal", "carol", "correlationId", "c-9", "traceId", "0af7651916cd43dd8448eb211c80319c")));
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        new DefaultInterceptorChain<>(unitOfWork, List.of(new MessageLogContextInterceptor()), message -> {
                    seen.set(MDC.getCopyOfContextMap());
                    return null;
                })
                .proceed();
        unitOfWork.commit();

        assertThat(seen.get())
                .containsEntry("principal", "carol")
                .containsEntry("correlationId", "c-9")
                .containsEntry("traceId", "0af7651916cd43dd8448eb211c80319c");
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
}
