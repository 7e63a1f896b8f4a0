package com.example.shop.app.processors;

import com.example.shop.app.roles.NodeRole;
import com.example.shop.app.roles.NodeRoles;
import com.example.shop.operations.projections.ProcessorSupervisionSettings;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The processors whose tokens live in the shared token store, made pooled streaming processors with
 * {@code shop.processors.segments} segments, so that every node works on a share of them (ADR 0021). Events are
 * spread over the segments by aggregate (Axon's default sequencing policy), so one aggregate's events stay in order.
 * One coordinator per processor reads the stream once for all its segments; {@code worker-threads} handle the
 * segments' batches. They read from {@link WakingEventSource}, which wakes them when events arrive instead of
 * Axon's 500 ms poll of the embedded store. Claims, their timeouts and the share each node takes: {@link
 * SegmentBalancer}. A shared processor that none of this node's roles works on ({@link NodeRoles}) is bound to
 * {@link ElsewhereEventSource} instead: its handlers are here, its events are handled on other nodes. Set on Axon's
 * processor properties, as {@link ProjectionBatchBound} does, before Axon reads them.
 */
@Component
public class SharedProcessors implements BeanPostProcessor, EnvironmentAware {

    static final List<String> NAMES = NodeRole.sharedProcessingGroups();

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof EventProcessorProperties properties) {
            // bound here, not injected: Axon's processor properties are post-processed before the settings beans exist
            share(
                    properties,
                    Binder.get(environment).bindOrCreate("shop.processors", ProcessorSupervisionSettings.class),
                    NodeRoles.of(environment));
        }
        return bean;
    }

    static void share(EventProcessorProperties properties, ProcessorSupervisionSettings settings, NodeRoles roles) {
        for (String name : NAMES) {
            EventProcessorProperties.ProcessorSettings processor = properties
                    .getProcessors()
                    .computeIfAbsent(name, n -> new EventProcessorProperties.ProcessorSettings());
            if (!roles.works(name)) {
                processor.setMode(EventProcessorProperties.Mode.SUBSCRIBING);
                processor.setSource(ElsewhereEventSource.BEAN);
                continue;
            }
            processor.setMode(EventProcessorProperties.Mode.POOLED);
            // only a token store without this processor's tokens gets them; SegmentBalancer splits fewer up to it
            processor.setInitialSegmentCount(settings.segments());
            processor.setThreadCount(settings.workerThreads());
            processor.setTokenClaimInterval(settings.claimInterval().toMillis());
            processor.setTokenClaimIntervalTimeUnit(TimeUnit.MILLISECONDS);
            processor.setSource(WakingEventSource.BEAN);
        }
    }
}
