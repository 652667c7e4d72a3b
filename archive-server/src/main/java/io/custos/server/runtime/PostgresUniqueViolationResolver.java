package io.custos.server.runtime;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Tells Axon which failures are a duplicate (aggregate id, sequence number), so a concurrent append surfaces
 * as a ConcurrencyException / AggregateStreamCreationException instead of a generic EventStoreException.
 *
 * <p>Axon's default JDBC resolver looks for {@code SQLIntegrityConstraintViolationException}, which PgJDBC never
 * throws, and a batched insert wraps the real error in a {@code BatchUpdateException} whose cause is only
 * reachable through {@link SQLException#getNextException()}. Only SQLSTATE 23505 (unique_violation) counts:
 * other integrity errors (not-null, too long) are bugs, not concurrency.
 */
public final class PostgresUniqueViolationResolver implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        return containsUniqueViolation(exception, new IdentityHashMap<>());
    }

    private static boolean containsUniqueViolation(Throwable t, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return false;
        }
        if (t instanceof SQLException sql) {
            if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (containsUniqueViolation(sql.getNextException(), seen)) {
                return true;
            }
        }
        return containsUniqueViolation(t.getCause(), seen);
    }
}
