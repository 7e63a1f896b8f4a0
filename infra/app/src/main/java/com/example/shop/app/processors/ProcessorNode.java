package com.example.shop.app.processors;

import java.lang.management.ManagementFactory;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The name under which this node claims segments in the token store. Axon's default, the JVM's name
 * ({@code pid@host}), is the same for two application contexts in one JVM, which would then each take the other's
 * claims for their own; a random suffix tells them apart and is still readable in {@code token_entry.owner}.
 */
@Component
public class ProcessorNode {

    private final String id = ManagementFactory.getRuntimeMXBean().getName() + "#"
            + UUID.randomUUID().toString().substring(0, 8);

    public String id() {
        return id;
    }
}
