package com.example.shop.app.logging;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses what the console log looks like before logging starts: JSON lines (Elastic Common Schema) for a
 * service whose output goes to a collector, the usual readable lines for a person at a terminal.
 * {@code shop.logging.console} says which: {@code auto} (the default: readable when the JVM has a terminal,
 * JSON otherwise), {@code json} or {@code text}. An explicit {@code logging.structured.format.console}
 * (ecs, logstash, gelf) always wins.
 */
public class ConsoleLogFormat implements EnvironmentPostProcessor, Ordered {

    static final String CHOICE = "shop.logging.console";
    static final String STRUCTURED_CONSOLE = "logging.structured.format.console";
    static final String JSON_FORMAT = "ecs";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = structuredFormat(environment, System.console() != null);
        if (format != null) {
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource("shopConsoleLogFormat", Map.of(STRUCTURED_CONSOLE, format)));
        }
    }

    /** @return the structured format to default the console to, or null to leave the console as configured */
    static String structuredFormat(Environment environment, boolean terminal) {
        if (environment.containsProperty(STRUCTURED_CONSOLE)) {
            return null;
        }
        String choice = environment.getProperty(CHOICE, "auto").trim().toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "json" -> JSON_FORMAT;
            case "text" -> null;
            case "auto" -> terminal ? null : JSON_FORMAT;
            default -> throw new IllegalArgumentException(CHOICE + " must be auto, json or text, not '" + choice + "'");
        };
    }

    /** After the configuration files are read, so that a setting there is seen; logging starts later still. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
