package com.example.shop.app.logging;

import com.example.shop.platform.MessageLogContextInterceptor;
import java.util.List;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Log lines name the request behind the work also off the request's thread. Axon registers a handler
 * interceptor bean on the command bus, the query bus and every event processor (projections and the saga);
 * the deadline manager, which runs the saga's retry deadlines, is given it here, and with it the correlation
 * data interceptor the buses and processors have: without it a retried step (and the commands it sends) would
 * no longer name the request whose step it retries.
 */
@Configuration(proxyBeanMethods = false)
public class LogContextConfiguration {

    @Bean
    public MessageLogContextInterceptor messageLogContextInterceptor() {
        return new MessageLogContextInterceptor();
    }

    @Bean
    public InitializingBean deadlineLogContext(
            ObjectProvider<DeadlineManager> deadlineManagers,
            List<CorrelationDataProvider> correlationDataProviders,
            MessageLogContextInterceptor interceptor) {
        return () -> deadlineManagers.orderedStream().forEach(manager -> {
            manager.registerHandlerInterceptor(new CorrelationDataInterceptor<>(correlationDataProviders));
            manager.registerHandlerInterceptor(interceptor);
        });
    }
}
