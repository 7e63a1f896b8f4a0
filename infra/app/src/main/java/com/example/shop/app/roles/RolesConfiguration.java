package com.example.shop.app.roles;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerStarter;
import com.github.kagkarlsson.scheduler.boot.config.startup.ContextReadyStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What follows from this node's roles beyond the processors ({@code SharedProcessors}) and the command bus
 * ({@code ClusterConfiguration}): a node without the saga role never starts db-scheduler, so the saga's deadlines
 * (and with them its calls to the providers) run only on saga nodes; it still schedules deadlines into the shared
 * table, which only saga nodes do anyway.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeRoles.class)
public class RolesConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RolesConfiguration.class);

    public RolesConfiguration(NodeRoles roles, Environment environment) {
        if (!roles.runsAll() && !environment.getProperty("shop.cluster.enabled", Boolean.class, false)) {
            throw new IllegalStateException("shop.node.roles=" + roles
                    + " leaves the other roles to other nodes, which needs shop.cluster.enabled=true");
        }
        LOG.info("This node's roles: {}", roles);
    }

    /** Instead of db-scheduler's own starter: it starts the scheduler once the context is ready, as configured. */
    @Bean
    DbSchedulerStarter dbSchedulerStarter(Scheduler scheduler, NodeRoles roles) {
        if (roles.runs(NodeRole.SAGA)) {
            return new ContextReadyStart(scheduler);
        }
        return () -> LOG.info("db-scheduler not started: deadlines run on the nodes with the saga role");
    }
}
