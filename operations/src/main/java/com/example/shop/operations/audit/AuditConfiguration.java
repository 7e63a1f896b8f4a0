package com.example.shop.operations.audit;

import com.example.shop.platform.AuditContext;
import com.example.shop.query.projection.ProjectionCollections;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every message says who caused it and which request it belongs to. A command leaving a thread takes the
 * thread's {@link AuditContext} (or is marked unattributed); everything handling it passes principal,
 * correlation id and trace id on, and names the message it was caused by.
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    static final String ROOT_MESSAGE_ID = "rootMessageId";

    /** Replaces Axon's default provider, whose key names would clash with ours. */
    @Bean
    public CorrelationDataProvider causationProvider(ProjectionCollections projections) {
        return exceptInProjections(new MessageOriginProvider(AuditContext.CAUSATION_ID, ROOT_MESSAGE_ID), projections);
    }

    @Bean
    public CorrelationDataProvider auditMetadataProvider(ProjectionCollections projections) {
        return exceptInProjections(
                new SimpleCorrelationDataProvider(
                        AuditContext.PRINCIPAL, AuditContext.CORRELATION_ID, AuditContext.TRACE_ID),
                projections);
    }

    /**
     * A projection sends no messages, so nothing reads what these would pass on from its events. Axon still
     * asks for it for every event (each handler's result is a message), and answering meant deserialising
     * every event's metadata: 13% of a rebuild's CPU.
     */
    private static CorrelationDataProvider exceptInProjections(
            CorrelationDataProvider provider, ProjectionCollections projections) {
        return message -> projections.isProjectionAtWork() ? Map.of() : provider.correlationDataFor(message);
    }

    @Bean
    public MessageDispatchInterceptor<CommandMessage<?>> auditMetadataInterceptor() {
        return commands -> (index, command) -> command.getMetaData().containsKey(AuditContext.CORRELATION_ID)
                ? command
                : command.andMetaData(AuditContext.current()
                        .orElseGet(() -> AuditContext.system("unattributed"))
                        .asMetadata());
    }
}
