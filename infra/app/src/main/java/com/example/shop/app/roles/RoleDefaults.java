package com.example.shop.app.roles;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults that depend on this node's roles, below every configured value: db-scheduler's health reports DOWN while
 * its scheduler has not started, which on a node without the saga role is how it should be.
 */
public class RoleDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!NodeRoles.of(environment).runs(NodeRole.SAGA)) {
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource(
                            "shop-role-defaults", Map.of("management.health.db-scheduler.enabled", "false")));
        }
    }
}
