package com.example.shop.command.web;

import com.example.shop.rules.OverloadedException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Sends commands from request threads through a bulkhead. Each command holds a database connection while
 * it runs, so at most {@code shop.commands.max-concurrent} run at once (below the pool size); a request that cannot get
 * a slot within {@code shop.commands.max-wait} is refused with 503 and Retry-After instead of queueing on the pool until
 * it times out.
 */
@Component
@EnableConfigurationProperties(CommandSettings.class)
public class CommandDispatcher {

    private static final long TIMEOUT_SECONDS = 30;

    private final CommandGateway gateway;
    private final Bulkhead bulkhead;

    public CommandDispatcher(CommandGateway gateway, MeterRegistry meters, CommandSettings settings) {
        this.gateway = gateway;
        BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrent())
                .maxWaitDuration(settings.maxWait())
                .build());
        this.bulkhead = registry.bulkhead("commands");
        TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
    }

    public <R> R sendAndWait(Object command) {
        try {
            return bulkhead.executeSupplier(() -> gateway.sendAndWait(command, TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (BulkheadFullException full) {
            throw new OverloadedException("Too many commands in flight", Duration.ofSeconds(1));
        } catch (CommandExecutionException e) {
            // a checked exception or a remote failure arrives wrapped; the cause is what the client must hear about
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
