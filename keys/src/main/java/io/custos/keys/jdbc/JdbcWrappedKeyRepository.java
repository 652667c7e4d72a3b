package io.custos.keys.jdbc;

import io.custos.keys.KeyScope;
import io.custos.keys.KeyServiceException;
import io.custos.keys.StoredDataKey;
import io.custos.keys.WrappedKey;
import io.custos.keys.WrappedKeyRepository;
import io.custos.keys.WrappedKeyReplacement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * PostgreSQL store of wrapped study data keys (table {@code custos_data_keys}). Race-safe get-or-create relies
 * on the unique (tenant, region, study_ref) constraint: {@code INSERT ... ON CONFLICT DO NOTHING} returning
 * either the inserted row or the one already there, in one statement (one round trip: ingest asks this for
 * every new study). A row committed concurrently after that statement's snapshot is read by a second
 * statement. Expects autocommit or READ COMMITTED, where that second read sees the concurrent winner.
 */
public final class JdbcWrappedKeyRepository implements WrappedKeyRepository {

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS custos_data_keys (
                key_id      text        PRIMARY KEY,
                tenant      text        NOT NULL,
                region      text        NOT NULL,
                study_ref   text        NOT NULL,
                kek_id      text        NOT NULL,
                kek_version int         NOT NULL,
                wrapped     bytea       NOT NULL,
                created_at  timestamptz NOT NULL,
                UNIQUE (tenant, region, study_ref)
            )""";
    /** Rewrap after rotation walks a scope's keys below a version; counts per version serve the admin API. */
    private static final String VERSION_INDEX = """
            CREATE INDEX IF NOT EXISTS custos_data_keys_scope_version
            ON custos_data_keys (tenant, region, kek_version, key_id)""";
    private static final String COLUMN_LIST = "key_id, tenant, region, study_ref, kek_id, kek_version, wrapped, created_at";
    /** The candidate's row, or the study's existing row; no row when a concurrent winner is not yet visible. */
    private static final String INSERT_OR_GET = """
            WITH inserted AS (
                INSERT INTO custos_data_keys (%1$s) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                RETURNING %1$s)
            SELECT %1$s FROM inserted
            UNION ALL
            SELECT %1$s FROM custos_data_keys
            WHERE tenant = ? AND region = ? AND study_ref = ? AND NOT EXISTS (SELECT 1 FROM inserted)""".formatted(COLUMN_LIST);
    /** For this transaction only (PostgreSQL): see {@link #insertIfAbsent}. */
    private static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit TO OFF";
    private static final String COLUMNS = "SELECT " + COLUMN_LIST + " FROM custos_data_keys ";
    private static final String BY_STUDY = COLUMNS + "WHERE tenant = ? AND region = ? AND study_ref = ?";
    private static final String BY_ID = COLUMNS + "WHERE key_id = ?";
    private static final String BELOW_VERSION = COLUMNS
            + "WHERE tenant = ? AND region = ? AND kek_version < ? AND key_id > ? ORDER BY key_id LIMIT ?";
    private static final String COUNT_BY_VERSION = """
            SELECT kek_version, count(*) FROM custos_data_keys WHERE tenant = ? AND region = ?
            GROUP BY kek_version""";
    private static final String COMPARE_AND_SET = """
            UPDATE custos_data_keys SET kek_id = ?, kek_version = ?, wrapped = ?
            WHERE key_id = ? AND kek_version = ?""";
    /** Same length, all zeros: the deleted row's last version holds no key bytes. */
    private static final String ZERO_WRAPPED = """
            UPDATE custos_data_keys SET wrapped = decode(repeat('00', octet_length(wrapped)), 'hex')
            WHERE tenant = ? AND region = ? AND study_ref = ? RETURNING key_id""";
    private static final String DELETE_BY_ID = "DELETE FROM custos_data_keys WHERE key_id = ?";

    private final DataSource dataSource;

    public JdbcWrappedKeyRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Idempotent. Run once at startup (concurrent first runs on an empty database may race in PostgreSQL). */
    public void createSchemaIfAbsent() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA);
            statement.execute(VERSION_INDEX);
            commitIfNeeded(connection);
        } catch (SQLException e) {
            throw new KeyServiceException("cannot create table custos_data_keys", e);
        }
    }

    @Override
    public StoredDataKey insertIfAbsent(StoredDataKey candidate) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<StoredDataKey> stored = inTransaction(connection, () -> {
                // The commit does not wait for its log flush. A new data key is of use only to what is committed
                // after it and names it: the ingest event of the instance encrypted under it, whose synchronous
                // commit flushes the log up to and past this row. A crash before that loses the key together with
                // the only data under it, an unreferenced blob that the orphan sweep removes. This saves an ingest
                // of a new study one disk flush on its critical path (bench/profile-ingest.sh, JFR FileForce and
                // socket waits).
                try (Statement relax = connection.createStatement()) {
                    relax.execute(ASYNC_COMMIT);
                }
                Optional<StoredDataKey> row;
                try (PreparedStatement insert = connection.prepareStatement(INSERT_OR_GET)) {
                    insert.setString(1, candidate.keyId());
                    insert.setString(2, candidate.scope().tenant());
                    insert.setString(3, candidate.scope().region());
                    insert.setString(4, candidate.studyRef());
                    insert.setString(5, candidate.wrapped().kekId());
                    insert.setInt(6, candidate.wrapped().kekVersion());
                    insert.setBytes(7, candidate.wrapped().ciphertext());
                    insert.setTimestamp(8, Timestamp.from(candidate.createdAt()));
                    insert.setString(9, candidate.scope().tenant());
                    insert.setString(10, candidate.scope().region());
                    insert.setString(11, candidate.studyRef());
                    row = readOne(insert);
                }
                if (row.isEmpty()) {
                    // A concurrent writer committed after our statement's snapshot; a new statement (READ
                    // COMMITTED) sees its row.
                    row = queryOne(connection, BY_STUDY, candidate.scope().tenant(), candidate.scope().region(),
                            candidate.studyRef());
                }
                return row;
            });
            // Only a key_id collision (a repeated UUID) leaves the study without a row.
            return stored.orElseThrow(() -> new KeyServiceException("data key " + candidate.keyId()
                    + " was not stored: key id already taken"));
        } catch (SQLException e) {
            // SQL state only: the statement parameters include the study reference.
            throw new KeyServiceException("cannot store data key " + candidate.keyId() + " (SQL state "
                    + e.getSQLState() + ")");
        }
    }

    @Override
    public Optional<StoredDataKey> findByStudy(KeyScope scope, String studyRef) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<StoredDataKey> found = queryOne(connection, BY_STUDY, scope.tenant(), scope.region(), studyRef);
            commitIfNeeded(connection);
            return found;
        } catch (SQLException e) {
            throw new KeyServiceException("cannot read data key of a study in " + scope.label()
                    + " (SQL state " + e.getSQLState() + ")");
        }
    }

    @Override
    public Optional<StoredDataKey> findById(String keyId) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<StoredDataKey> found = queryOne(connection, BY_ID, keyId);
            commitIfNeeded(connection);
            return found;
        } catch (SQLException e) {
            throw new KeyServiceException("cannot read data key " + keyId + " (SQL state " + e.getSQLState() + ")");
        }
    }

    @Override
    public Optional<String> shred(KeyScope scope, String studyRef) {
        try (Connection connection = dataSource.getConnection()) {
            return inTransaction(connection, () -> {
                Optional<String> keyId = Optional.empty();
                try (PreparedStatement zero = connection.prepareStatement(ZERO_WRAPPED)) {
                    zero.setString(1, scope.tenant());
                    zero.setString(2, scope.region());
                    zero.setString(3, studyRef);
                    try (ResultSet rows = zero.executeQuery()) {
                        if (rows.next()) {
                            keyId = Optional.of(rows.getString(1));
                        }
                    }
                }
                if (keyId.isPresent()) {
                    try (PreparedStatement delete = connection.prepareStatement(DELETE_BY_ID)) {
                        delete.setString(1, keyId.get());
                        delete.executeUpdate();
                    }
                }
                return keyId;
            });
        } catch (SQLException e) {
            throw new KeyServiceException("cannot shred the data key of a study in " + scope.label()
                    + " (SQL state " + e.getSQLState() + ")");
        }
    }

    @Override
    public List<StoredDataKey> findWrappedBelow(KeyScope scope, int version, String afterKeyId, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(BELOW_VERSION)) {
            query.setString(1, scope.tenant());
            query.setString(2, scope.region());
            query.setInt(3, version);
            query.setString(4, afterKeyId == null ? "" : afterKeyId);
            query.setInt(5, limit);
            List<StoredDataKey> page = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    page.add(read(rows));
                }
            }
            commitIfNeeded(connection);
            return page;
        } catch (SQLException e) {
            throw new KeyServiceException("cannot list data keys of " + scope.label() + " below KEK version "
                    + version + " (SQL state " + e.getSQLState() + ")");
        }
    }

    @Override
    public int replaceWrapped(List<WrappedKeyReplacement> replacements) {
        if (replacements.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection()) {
            // One commit per page instead of per row: the commit's fsync is what a rewrap spends its time on.
            return inTransaction(connection, () -> {
                try (PreparedStatement update = connection.prepareStatement(COMPARE_AND_SET)) {
                    for (WrappedKeyReplacement r : replacements) {
                        update.setString(1, r.replacement().kekId());
                        update.setInt(2, r.replacement().kekVersion());
                        update.setBytes(3, r.replacement().ciphertext());
                        update.setString(4, r.keyId());
                        update.setInt(5, r.expectedKekVersion());
                        update.addBatch();
                    }
                    int replaced = 0;
                    for (int count : update.executeBatch()) {
                        replaced += count > 0 ? 1 : 0;
                    }
                    return replaced;
                }
            });
        } catch (SQLException e) {
            throw new KeyServiceException("cannot replace " + replacements.size() + " wrapped data keys (SQL state "
                    + e.getSQLState() + ")");
        }
    }

    @Override
    public SortedMap<Integer, Long> countByKekVersion(KeyScope scope) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(COUNT_BY_VERSION)) {
            query.setString(1, scope.tenant());
            query.setString(2, scope.region());
            SortedMap<Integer, Long> counts = new TreeMap<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getInt(1), rows.getLong(2));
                }
            }
            commitIfNeeded(connection);
            return counts;
        } catch (SQLException e) {
            throw new KeyServiceException("cannot count data keys of " + scope.label() + " (SQL state "
                    + e.getSQLState() + ")");
        }
    }

    private static Optional<StoredDataKey> queryOne(Connection connection, String sql, String... parameters)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            return readOne(query);
        }
    }

    private static Optional<StoredDataKey> readOne(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(read(rows));
        }
    }

    private static StoredDataKey read(ResultSet rows) throws SQLException {
        return new StoredDataKey(
                rows.getString("key_id"),
                new KeyScope(rows.getString("tenant"), rows.getString("region")),
                rows.getString("study_ref"),
                new WrappedKey(rows.getString("kek_id"), rows.getInt("kek_version"), rows.getBytes("wrapped")),
                rows.getTimestamp("created_at").toInstant());
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one transaction on {@code connection}: committed if it returns, rolled back if not. */
    private static <T> T inTransaction(Connection connection, SqlWork<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void commitIfNeeded(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }
}
