package com.example.shop.app.processors;

import com.example.shop.operations.projections.ProcessorSupervisionSettings;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The token store in PostgreSQL ({@code token_entry}), shared by every node: a claim not refreshed within
 * {@code shop.processors.claim-timeout} may be taken over by another node (Axon's default: 10 s).
 */
@Configuration(proxyBeanMethods = false)
public class SharedTokenStore {

    @Bean
    public TokenStore tokenStore(
            ConnectionProvider connectionProvider,
            @Qualifier("serializer") Serializer serializer,
            TokenSchema tokenSchema,
            ProcessorNode node,
            ProcessorSupervisionSettings settings) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(tokenSchema)
                .serializer(serializer)
                .claimTimeout(settings.claimTimeout())
                .nodeId(node.id())
                .build();
    }
}
