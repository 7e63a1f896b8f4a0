package com.example.shop.app.processors;

import com.example.shop.command.campaign.ClaimSettings;
import com.example.shop.operations.projections.ProcessorSupervisionSettings;
import org.axonframework.springboot.EventProcessorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Bounds the batch of the {@code campaigns} projection by the writes it causes rather than by its count of
 * events. One grant event carries up to {@code shop.campaign.claims.max-batch} grants, each a document of its
 * own, so Axon's count-based batch of 200 events meant up to 200,000 writes in one unit of work: under a
 * flood that ran past the unit of work's timeout, and the interrupted processor shut itself down. The batch
 * is cut to {@code shop.processors.max-writes-per-batch} divided by the writes one event may cause. It lives with
 * the wiring because it joins a setting of the command side to a processor of the query side.
 */
@Component
public class ProjectionBatchBound implements BeanPostProcessor, EnvironmentAware {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionBatchBound.class);
    static final String CAMPAIGNS = "campaigns";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof EventProcessorProperties properties) {
            Binder binder = Binder.get(environment);
            // bound here, not injected: Axon's processor properties are post-processed before the settings beans exist
            int maxWrites = binder.bindOrCreate("shop.processors", ProcessorSupervisionSettings.class)
                    .maxWritesPerBatch();
            // every grant is a claim document, and the event also sets the campaign's count
            int writesPerEvent = binder.bindOrCreate("shop.campaign.claims", ClaimSettings.class)
                            .maxBatch()
                    + 1;
            bound(properties, CAMPAIGNS, maxWrites, writesPerEvent);
        }
        return bean;
    }

    static void bound(EventProcessorProperties properties, String processor, int maxWrites, int writesPerEvent) {
        EventProcessorProperties.ProcessorSettings settings = properties
                .getProcessors()
                .computeIfAbsent(processor, name -> new EventProcessorProperties.ProcessorSettings());
        int bound = Math.max(1, maxWrites / writesPerEvent);
        if (settings.getBatchSize() > bound) {
            LOG.info(
                    "Batches of the {} processor cut from {} to {} events: each may cause {} writes, at most {} per batch",
                    processor,
                    settings.getBatchSize(),
                    bound,
                    writesPerEvent,
                    maxWrites);
            settings.setBatchSize(bound);
        }
    }
}
