package com.example.shop.infra.audit;

import com.example.shop.audit.AuditContext;
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
    public CorrelationDataProvider causationProvider() {
        return new MessageOriginProvider(AuditContext.CAUSATION_ID, ROOT_MESSAGE_ID);
    }

    @Bean
    public CorrelationDataProvider auditMetadataProvider() {
        return new SimpleCorrelationDataProvider(AuditContext.PRINCIPAL, AuditContext.CORRELATION_ID,
                AuditContext.TRACE_ID);
    }

    @Bean
    public MessageDispatchInterceptor<CommandMessage<?>> auditMetadataInterceptor() {
        return commands -> (index, command) -> command.getMetaData().containsKey(AuditContext.CORRELATION_ID)
                ? command
                : command.andMetaData(AuditContext.current()
                        .orElseGet(() -> AuditContext.system("unattributed")).asMetadata());
    }
}
