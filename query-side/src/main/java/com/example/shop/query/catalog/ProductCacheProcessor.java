package com.example.shop.query.catalog;

import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.stereotype.Component;

/**
 * The processor of {@link ProductCacheInvalidation}, one per node: a token in memory (never claimed in the shared
 * token store, so every node reads the whole stream for itself) that starts at the head of the stream.
 */
@Component
public class ProductCacheProcessor implements ConfigurerModule {

    @Override
    public void configureModule(Configurer configurer) {
        configurer
                .eventProcessing()
                .registerTokenStore(ProductCacheInvalidation.GROUP, configuration -> new InMemoryTokenStore())
                .registerTrackingEventProcessor(
                        ProductCacheInvalidation.GROUP,
                        configuration -> configuration.eventStore(),
                        configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(500)
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
    }
}
