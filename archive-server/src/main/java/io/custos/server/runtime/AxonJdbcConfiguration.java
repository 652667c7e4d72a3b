package io.custos.server.runtime;

import javax.sql.DataSource;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon on PostgreSQL through plain JDBC. Axon's JdbcAutoConfiguration builds the JdbcEventStorageEngine and
 * JdbcTokenStore from the beans here; these are declared as user beans so its conditional defaults back off.
 */
@Configuration(proxyBeanMethods = false)
public class AxonJdbcConfiguration {

    /** Axon units of work join Spring transactions, so projections written via JDBC commit with the event. */
    @Bean
    TransactionManager springAxonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresUniqueViolationResolver();
    }

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder().build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder().build();
    }

    /** Makes Axon pick its Postgres saga DDL/queries (bytea, bigserial) instead of the generic one. */
    @Bean
    SagaSqlSchema sagaSqlSchema() {
        return new PostgresSagaSqlSchema(new SagaSchema());
    }

    @Bean
    AxonSchemaInitializer axonSchemaInitializer(DataSource dataSource, EventSchema eventSchema,
                                                TokenSchema tokenSchema, SagaSqlSchema sagaSqlSchema) {
        return new AxonSchemaInitializer(dataSource, eventSchema, tokenSchema, sagaSqlSchema);
    }
}
