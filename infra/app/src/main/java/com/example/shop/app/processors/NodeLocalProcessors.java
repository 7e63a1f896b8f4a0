package com.example.shop.app.processors;

import com.example.shop.command.campaign.ClaimLaneReopener;
import com.example.shop.query.catalog.ProductCacheInvalidation;
import java.util.List;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.stereotype.Component;

/**
 * Processors that every node runs for itself, over the whole stream: the product cache's evictions and the claim
 * lanes' reopening keep state in this node's memory, so each node must see every event, not the share of the
 * segments it claims. Their tokens live in memory (never in the shared token store, where one node would claim
 * them away from the others) and start at the head of the stream: what came before, this node never cached.
 */
@Component
public class NodeLocalProcessors implements ConfigurerModule {

    static final List<String> GROUPS = List.of(ProductCacheInvalidation.GROUP, ClaimLaneReopener.GROUP);

    @Override
    public void configureModule(Configurer configurer) {
        GROUPS.forEach(group -> configurer
                .eventProcessing()
                .registerTokenStore(group, configuration -> new InMemoryTokenStore())
                .registerTrackingEventProcessor(
                        group,
                        configuration -> configuration.eventStore(),
                        configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(500)
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken)));
    }
}
