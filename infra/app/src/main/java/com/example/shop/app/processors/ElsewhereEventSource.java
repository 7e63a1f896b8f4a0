package com.example.shop.app.processors;

import java.util.List;
import java.util.function.Consumer;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.SubscribableMessageSource;
import org.springframework.stereotype.Component;

/**
 * The source of the shared processors this node's roles leave to other nodes: it never delivers an event. Their
 * handlers stay registered here, so the queries they answer are answered on this node and the collections they
 * declare are known to its readers, while their events are handled, and their segments claimed, elsewhere.
 */
@Component(ElsewhereEventSource.BEAN)
public class ElsewhereEventSource implements SubscribableMessageSource<EventMessage<?>> {

    static final String BEAN = "elsewhereEventSource";

    @Override
    public Registration subscribe(Consumer<List<? extends EventMessage<?>>> messageProcessor) {
        return () -> true;
    }
}
