package io.custos.query.index;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Creates the study index tables and their SAI indexes in a keyspace, idempotently (IF NOT EXISTS), so every
 * node may run it at start. The keyspace itself (and its per-region replication) belongs to deployment.
 *
 * <p>Partitioning keeps tenants apart and partitions bounded: studies by (tenant, bucket) with a fixed
 * number of hash buckets of the Study Instance UID; series and instances by (tenant, study_uid). See
 * query-api/README.md for the full layout.
 */
public final class StudyIndexSchema {

    /**
     * Hash buckets per tenant for the study table. Fixed: changing it moves every study, which means
     * rebuilding the projection from events (projections are disposable).
     */
    public static final int STUDY_BUCKETS = 16;

    static final String STUDY_TABLE = "qido_study";
    static final String SERIES_TABLE = "qido_series";
    static final String INSTANCE_TABLE = "qido_instance";
    /**
     * Studies by PatientID and by AccessionNumber, one partition per (tenant, key, value): the selective QIDO
     * keys are single-partition reads, not a secondary-index scan over every node's token ranges.
     */
    static final String STUDY_LOOKUP_TABLE = "qido_study_lookup";
    /** One row per one-off data migration of the index that has completed (see {@link StudyLookupBackfill}). */
    static final String MIGRATIONS_TABLE = "qido_index_migrations";
    /** Which tenants hold a Study Instance UID: only for recording cross-tenant attempts, never for answers. */
    static final String STUDY_TENANTS_TABLE = "study_tenants";

    private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");
    // DDL waits for schema agreement; the driver's 2 s default is too short on a loaded node.
    private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

    private final CqlSession session;

    public StudyIndexSchema(CqlSession session) {
        this.session = session;
    }

    /** The bucket of a study in its tenant. String.hashCode is fixed by the JLS, so this is stable across JVMs. */
    public static int bucketOf(String studyUid) {
        return Math.floorMod(studyUid.hashCode(), STUDY_BUCKETS);
    }

    static String checkedKeyspace(String keyspace) {
        if (keyspace == null || !KEYSPACE.matcher(keyspace).matches()) {
            throw new IllegalArgumentException("keyspace name must match " + KEYSPACE.pattern());
        }
        return keyspace;
    }

    public void create(String keyspace) {
        for (String ddl : statements(checkedKeyspace(keyspace))) {
            session.execute(SimpleStatement.newInstance(ddl).setTimeout(DDL_TIMEOUT));
        }
    }

    /** The DDL, in execution order; also what README.md documents. */
    public static List<String> statements(String keyspace) {
        String ks = checkedKeyspace(keyspace);
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + ks + "." + STUDY_TABLE + " ("
                        + " tenant text, bucket int, study_uid text,"
                        + " region text, patient_id text, accession_number text, study_date date,"
                        + " modalities set<text>, attrs blob, updated_at timestamp,"
                        + " patient_ids set<text>, accession_numbers set<text>,"
                        + " PRIMARY KEY ((tenant, bucket), study_uid))",
                // Every value a study was ever looked up by, so that its deletion can remove each lookup row.
                // Added to tables created before the lookup table existed.
                "ALTER TABLE " + ks + "." + STUDY_TABLE + " ADD IF NOT EXISTS patient_ids set<text>",
                "ALTER TABLE " + ks + "." + STUDY_TABLE + " ADD IF NOT EXISTS accession_numbers set<text>",
                // Replaced by the lookup table; dropping them spares every ingest their index maintenance.
                "DROP INDEX IF EXISTS " + ks + "." + STUDY_TABLE + "_patient_id_sai",
                "DROP INDEX IF EXISTS " + ks + "." + STUDY_TABLE + "_accession_number_sai",
                sai(ks, STUDY_TABLE, "study_date"),
                sai(ks, STUDY_TABLE, "modalities"),
                "CREATE TABLE IF NOT EXISTS " + ks + "." + STUDY_LOOKUP_TABLE + " ("
                        + " tenant text, key_name text, key_value text, study_uid text,"
                        + " PRIMARY KEY ((tenant, key_name, key_value), study_uid))",
                "CREATE TABLE IF NOT EXISTS " + ks + "." + SERIES_TABLE + " ("
                        + " tenant text, study_uid text, series_uid text,"
                        + " modality text, series_number int, attrs blob, updated_at timestamp,"
                        + " PRIMARY KEY ((tenant, study_uid), series_uid))",
                "CREATE TABLE IF NOT EXISTS " + ks + "." + INSTANCE_TABLE + " ("
                        + " tenant text, study_uid text, series_uid text, sop_uid text,"
                        + " sop_class_uid text, instance_number int, transfer_syntax text, size_bytes bigint,"
                        + " stored_at timestamp, attrs blob,"
                        + " PRIMARY KEY ((tenant, study_uid), series_uid, sop_uid))",
                "CREATE TABLE IF NOT EXISTS " + ks + "." + STUDY_TENANTS_TABLE + " ("
                        + " study_uid text, tenant text, PRIMARY KEY (study_uid, tenant))",
                "CREATE TABLE IF NOT EXISTS " + ks + "." + MIGRATIONS_TABLE + " ("
                        + " name text PRIMARY KEY, completed_at timestamp)");
    }

    private static String sai(String ks, String table, String column) {
        return "CREATE CUSTOM INDEX IF NOT EXISTS " + table + "_" + column + "_sai ON " + ks + "." + table
                + " (" + column + ") USING 'StorageAttachedIndex'";
    }
}
