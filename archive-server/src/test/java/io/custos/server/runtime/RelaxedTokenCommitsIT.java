package io.custos.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/** Against a real PostgreSQL: the batch transaction, and only it, commits with synchronous_commit off. */
class RelaxedTokenCommitsIT {

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
        dataSource = postgres.getPostgresDatabase();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void theBatchTransactionCommitsWithoutWaitingForTheFlushAndTheNextDoesNotInheritIt() {
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        RelaxedTokenCommits interceptor = new RelaxedTokenCommits(dataSource);

        String inside = transactions.execute(status -> {
            DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("e"));
            try {
                return (String) interceptor.handle(cast(unitOfWork), () -> synchronousCommit());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                unitOfWork.commit();
            }
        });
        String nextTransaction = transactions.execute(status -> synchronousCommit());

        assertThat(inside).isEqualTo("off");
        assertThat(nextTransaction).isEqualTo("on");
    }

    @Test
    void withoutATransactionNothingIsChanged() throws Exception {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("e"));
        try {
            Object result = new RelaxedTokenCommits(dataSource).handle(cast(unitOfWork), () -> "handled");
            assertThat(result).isEqualTo("handled");
        } finally {
            unitOfWork.commit();
        }
        try (Connection connection = dataSource.getConnection()) {
            assertThat(show(connection)).isEqualTo("on");
        }
    }

    @SuppressWarnings("unchecked")
    private static org.axonframework.messaging.unitofwork.UnitOfWork<
            ? extends org.axonframework.eventhandling.EventMessage<?>> cast(DefaultUnitOfWork<?> unitOfWork) {
        return (org.axonframework.messaging.unitofwork.UnitOfWork<
                ? extends org.axonframework.eventhandling.EventMessage<?>>) unitOfWork;
    }

    /** The setting as the transaction bound to this thread sees it. */
    private static String synchronousCommit() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return show(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static String show(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW synchronous_commit")) {
            result.next();
            return result.getString(1);
        }
    }
}
