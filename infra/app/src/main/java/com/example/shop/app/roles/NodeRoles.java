package com.example.shop.app.roles;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * {@code shop.node.*}: what this node does besides answering HTTP (ADR 0022).
 *
 * @param roles any of {@code command}, {@code query} and {@code saga}; all three by default. Fewer than all needs
 *              {@code shop.cluster.enabled}: the other roles are then left to other nodes of the cluster
 */
@ConfigurationProperties(NodeRoles.PREFIX)
public record NodeRoles(
        @DefaultValue({"command", "query", "saga"}) Set<NodeRole> roles) {

    static final String PREFIX = "shop.node";

    public NodeRoles {
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("shop.node.roles names no role; give any of command, query, saga");
        }
        roles = EnumSet.copyOf(roles);
    }

    /** Bound straight from the environment, for what is configured before the settings beans exist. */
    public static NodeRoles of(Environment environment) {
        return Binder.get(environment).bindOrCreate(PREFIX, NodeRoles.class);
    }

    public static NodeRoles all() {
        return new NodeRoles(EnumSet.allOf(NodeRole.class));
    }

    public boolean runs(NodeRole role) {
        return roles.contains(role);
    }

    public boolean runsAll() {
        return roles.containsAll(EnumSet.allOf(NodeRole.class));
    }

    /** Whether this node works on the given processor: one of its roles' shared processors, or one every node runs. */
    public boolean works(String processingGroup) {
        return NodeRole.working(processingGroup).map(this::runs).orElse(true);
    }

    @Override
    public String toString() {
        return roles.stream().map(role -> role.name().toLowerCase()).collect(Collectors.joining(","));
    }
}
