package io.custos.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PostgresUniqueViolationResolverTest {

    private final PostgresUniqueViolationResolver resolver = new PostgresUniqueViolationResolver();

    @Test
    void findsUniqueViolationBehindABatchUpdateNextException() {
        BatchUpdateException batch = new BatchUpdateException("batch aborted", "XX000", new int[0]);
        batch.setNextException(new SQLException("duplicate key", "23505"));
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException(batch))).isTrue();
    }

    @Test
    void otherIntegrityErrorsAreNotConcurrency() {
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("null value", "23502"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new IllegalStateException("boom"))).isFalse();
    }
}
