package com.example.shop.app.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.propagation.ContextPropagators;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's spans (commands, events, event processors, the saga, deadlines) on the same OpenTelemetry SDK and W3C
 * propagation as Micrometer Tracing's (HTTP server and client), so that one request is one trace (ADR 0018).
 * Axon's own default takes the global OpenTelemetry, which Spring Boot never sets: its spans would go nowhere.
 * Each message carries its trace context in its metadata ({@code traceparent}); a processor continues it.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    @Bean
    public SpanFactory spanFactory(OpenTelemetry openTelemetry, ContextPropagators propagators) {
        return OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer("AxonFramework-OpenTelemetry"))
                .contextPropagators(propagators.getTextMapPropagator())
                .build();
    }
}
