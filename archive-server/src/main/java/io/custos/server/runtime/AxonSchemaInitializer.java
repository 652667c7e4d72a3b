package io.custos.server.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.springframework.beans.factory.InitializingBean;

/**
 * Creates Axon's tables (domain events, snapshots, tracking tokens, sagas) with Axon's own PostgreSQL DDL.
 * Axon's JDBC components create nothing themselves. Every statement is CREATE ... IF NOT EXISTS, so this runs
 * on every start; it runs while singletons are created, i.e. before any event processor starts.
 */
public class AxonSchemaInitializer implements InitializingBean {

    private final DataSource dataSource;
    private final EventSchema eventSchema;
    private final TokenSchema tokenSchema;
    private final SagaSqlSchema sagaSchema;

    public AxonSchemaInitializer(DataSource dataSource, EventSchema eventSchema, TokenSchema tokenSchema,
                                 SagaSqlSchema sagaSchema) {
        this.dataSource = dataSource;
        this.eventSchema = eventSchema;
        this.tokenSchema = tokenSchema;
        this.sagaSchema = sagaSchema;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                run(PostgresEventTableFactory.INSTANCE.createDomainEventTable(c, eventSchema));
                run(PostgresEventTableFactory.INSTANCE.createSnapshotEventTable(c, eventSchema));
                run(PostgresTokenTableFactory.INSTANCE.createTable(c, tokenSchema));
                run(sagaSchema.sql_createTableSagaEntry(c));
                run(sagaSchema.sql_createTableAssocValueEntry(c));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static void run(PreparedStatement statement) throws SQLException {
        try (statement) {
            statement.executeUpdate();
        }
    }
}
