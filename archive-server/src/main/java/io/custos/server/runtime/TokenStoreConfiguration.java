package io.custos.server.runtime;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The JDBC token store with its own serializer ({@link TrackingTokenSerializer}) instead of Axon's general one,
 * so every token type a processor writes (including the ReplayToken of a reset) can be read after a restart.
 * Replaces the token store of Axon's JdbcAutoConfiguration, which backs off when this bean exists.
 *
 * <p>The token store is the only place where Custos persists Axon-internal state with the general serializer:
 * there are no sagas, no deadlines and no dead-letter queue (none is configured); snapshots and events use the
 * event serializer.
 */
@Configuration(proxyBeanMethods = false)
public class TokenStoreConfiguration {

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, TokenSchema tokenSchema,
                          TokenStoreProperties properties) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(tokenSchema)
                .serializer(TrackingTokenSerializer.create())
                .claimTimeout(properties.getClaimTimeout())
                .build();
    }
}
