package io.custos.server.runtime;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * For a tracking processor whose projection is idempotent: its batch transaction, which stores the processor's
 * token, commits without waiting for PostgreSQL's log flush ({@code SET LOCAL synchronous_commit TO OFF}).
 *
 * <p>Why that is safe: the token only says how far the projection got. A crash can lose the last such commits
 * (PostgreSQL's WAL writer flushes them within {@code wal_writer_delay}); the processor then starts from an
 * older token and handles those events again, which an idempotent projection absorbs. Nothing else is written
 * in these transactions. Why: a token commit per processor batch, one per instance under a steady C-STORE
 * stream, is otherwise a disk flush that competes with the ingest's own flushes.
 *
 * <p>The setting is issued once per batch, on the connection of the transaction Axon opened for it (Spring's
 * {@link DataSourceUtils} returns that bound connection), and it ends with that transaction.
 */
public final class RelaxedTokenCommits implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final String RELAXED = RelaxedTokenCommits.class.getName() + ".applied";

    private final DataSource dataSource;

    public RelaxedTokenCommits(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        UnitOfWork<?> batch = unitOfWork.root();
        // Without a Spring transaction there is no batch commit to relax (SET LOCAL would be a no-op).
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && batch.resources().putIfAbsent(RELAXED, Boolean.TRUE) == null) {
            relax();
        }
        return chain.proceed();
    }

    private void relax() throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit TO OFF");
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
