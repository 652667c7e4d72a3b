package io.custos.query.audit;

import com.datastax.oss.driver.api.core.CqlSession;
import io.custos.query.cassandra.CqlSchema;
import java.util.Arrays;
import java.util.List;

/**
 * Creates the audit tables idempotently (IF NOT EXISTS). Every table has the same columns (an
 * {@link AuditEntry}); they differ in their partition key, see {@link AuditTable}.
 */
public final class AuditSchema {

    static final String COLUMNS = "at, access_id, kind, subject, roles, client, purpose, level, study_uid,"
            + " series_uid, sop_uid, instances, frames, bytes, outcome, patient_ref, detail";

    /**
     * The requester, project and protocol of each export, by export id: the job's events carry no actor, and the
     * audit rows of its steps name the researcher who asked for it.
     */
    static final String EXPORT_REQUESTS = "audit_export_requests";

    private final CqlSession session;

    public AuditSchema(CqlSession session) {
        this.session = session;
    }

    static String checkedKeyspace(String keyspace) {
        return CqlSchema.checkedKeyspace(keyspace);
    }

    public void create(String keyspace) {
        CqlSchema.execute(session, statements(keyspace));
    }

    public static List<String> statements(String keyspace) {
        String ks = checkedKeyspace(keyspace);
        List<String> statements = new java.util.ArrayList<>(Arrays.stream(AuditTable.values())
                .map(t -> table(ks, t)).toList());
        statements.add("CREATE TABLE IF NOT EXISTS " + ks + "." + EXPORT_REQUESTS + " (tenant text, export_id text,"
                + " subject text, roles text, client text, project text, protocol text,"
                + " PRIMARY KEY ((tenant, export_id)))");
        return List.copyOf(statements);
    }

    private static String table(String ks, AuditTable t) {
        String partition = "tenant, " + (t.keyColumn() == null ? "" : t.keyColumn() + ", ") + "bucket";
        String clustering = "at, access_id" + (t.studyInClusteringKey() ? ", study_uid" : "");
        String order = "at DESC, access_id ASC" + (t.studyInClusteringKey() ? ", study_uid ASC" : "");
        return "CREATE TABLE IF NOT EXISTS " + ks + "." + t.tableName() + " ("
                + " tenant text, bucket int, at timestamp, access_id text, kind text, subject text, roles text,"
                + " client text, purpose text, level text, study_uid text, series_uid text, sop_uid text,"
                + " instances int, frames int, bytes bigint, outcome text, patient_ref text, detail text,"
                + " PRIMARY KEY ((" + partition + "), " + clustering + "))"
                + " WITH CLUSTERING ORDER BY (" + order + ")";
    }
}
