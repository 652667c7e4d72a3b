package io.custos.query.audit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.custos.archive.access.api.DisclosedStudy;
import io.custos.query.cassandra.UnloggedBatches;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes audit entries into the tables of the auditor's questions.
 *
 * <p>Idempotent: a row's key is (tenant, key, bucket, time, event id[, study]) and every write is an upsert
 * stamped {@code USING TIMESTAMP} with the event time, so a replay rewrites the same rows and nothing is
 * counted at write time. A frame window's start and summary share their row (same id and time); the
 * summary is the later event and therefore wins, in any replay order. That is also why an event's rows may go
 * as one UNLOGGED batch ({@link UnloggedBatches}): a batch applied in part is completed by the replay.
 */
public final class AuditProjection implements AuditRecorder {

    private final CqlSession session;
    private final UnloggedBatches batches;
    private final Map<AuditTable, PreparedStatement> inserts = new EnumMap<>(AuditTable.class);
    private final PreparedStatement rememberRequest;
    private final PreparedStatement requestOf;

    public AuditProjection(CqlSession session, String keyspace) {
        String ks = AuditSchema.checkedKeyspace(keyspace);
        this.session = session;
        this.batches = new UnloggedBatches(session);
        for (AuditTable table : AuditTable.values()) {
            // The key column of each table (subject, study_uid, patient_ref) is one of the entry's columns.
            inserts.put(table, session.prepare("INSERT INTO " + ks + "." + table.tableName()
                    + " (tenant, bucket, " + AuditSchema.COLUMNS + ") VALUES (:tenant, :bucket, :at, :access_id,"
                    + " :kind, :subject, :roles, :client, :purpose, :level, :study_uid, :series_uid, :sop_uid,"
                    + " :instances, :frames, :bytes, :outcome, :patient_ref, :detail) USING TIMESTAMP :ts"));
        }
        rememberRequest = session.prepare("INSERT INTO " + ks + "." + AuditSchema.EXPORT_REQUESTS
                + " (tenant, export_id, subject, roles, client, project, protocol) VALUES (:tenant, :export_id,"
                + " :subject, :roles, :client, :project, :protocol) USING TIMESTAMP :ts");
        requestOf = session.prepare("SELECT subject, roles, client, project, protocol FROM " + ks + "."
                + AuditSchema.EXPORT_REQUESTS + " WHERE tenant = ? AND export_id = ?");
    }

    /**
     * An allowed access: one row in the user's activity, one per disclosed study in the study trail, and one
     * per disclosed study whose patient is known in the patient's accounting.
     */
    @Override
    public void recordAccess(String tenant, AuditEntry entry, List<DisclosedStudy> disclosed, Instant eventTime) {
        List<BoundStatement> rows = new ArrayList<>();
        rows.add(row(AuditTable.BY_USER, tenant, entry, eventTime));
        Map<String, String> studies = new LinkedHashMap<>();
        disclosed.forEach(d -> studies.putIfAbsent(d.studyUid(), d.patientRef()));
        if (entry.studyUid() != null) {
            studies.putIfAbsent(entry.studyUid(), entry.patientRef());
        }
        studies.forEach((study, patient) -> {
            AuditEntry forStudy = entry.forStudy(study, patient);
            rows.add(row(AuditTable.BY_STUDY, tenant, forStudy, eventTime));
            if (patient != null) {
                rows.add(row(AuditTable.BY_PATIENT, tenant, forStudy, eventTime));
            }
        });
        write(rows);
    }

    /** An action on a patient rather than a study (a patient-level legal hold): the user's and the patient's trail. */
    @Override
    public void recordPatientAction(String tenant, AuditEntry entry, Instant eventTime) {
        // The patient table clusters by study too; an action on no study keys it with the empty study.
        write(List.of(row(AuditTable.BY_USER, tenant, entry, eventTime),
                row(AuditTable.BY_PATIENT, tenant, entry.forStudy("", entry.patientRef()), eventTime)));
    }

    /** A denied request, in its tenant's denial report ({@link AuditQuestion#UNATTRIBUTED} when it has none). */
    @Override
    public void recordDenial(String tenant, AuditEntry entry, Instant eventTime) {
        write(List.of(row(AuditTable.DENIALS, tenant, entry, eventTime)));
    }

    /** A step of a research export request (issue 6). */
    @Override
    public void recordExport(String tenant, AuditEntry entry, Instant eventTime) {
        write(List.of(row(AuditTable.EXPORTS, tenant, entry, eventTime)));
    }

    /** A study written into a research export: the export report, the study trail, the patient's accounting. */
    @Override
    public void recordExportedStudy(String tenant, AuditEntry entry, Instant eventTime) {
        List<BoundStatement> rows = new ArrayList<>();
        rows.add(row(AuditTable.EXPORTS, tenant, entry, eventTime));
        if (entry.studyUid() != null) {
            rows.add(row(AuditTable.BY_STUDY, tenant, entry, eventTime));
            if (entry.patientRef() != null) {
                rows.add(row(AuditTable.BY_PATIENT, tenant, entry, eventTime));
            }
        }
        write(rows);
    }

    @Override
    public void rememberExportRequest(String tenant, String exportId, ExportRequester requester, Instant eventTime) {
        BoundStatementBuilder b = rememberRequest.boundStatementBuilder()
                .setLong("ts", ChronoUnit.MICROS.between(Instant.EPOCH, eventTime))
                .setString("tenant", Objects.requireNonNull(tenant, "tenant"))
                .setString("export_id", exportId)
                .setIdempotence(true);
        setIfPresent(b, "subject", requester.subject());
        setIfPresent(b, "roles", requester.roles());
        setIfPresent(b, "client", requester.clientAddress());
        setIfPresent(b, "project", requester.project());
        setIfPresent(b, "protocol", requester.protocol());
        session.execute(b.build());
    }

    @Override
    public ExportRequester exportRequester(String tenant, String exportId) {
        Row row = session.execute(requestOf.bind(tenant, exportId)).one();
        return row == null ? null : new ExportRequester(row.getString("subject"), row.getString("roles"),
                row.getString("client"), row.getString("project"), row.getString("protocol"));
    }

    private BoundStatement row(AuditTable table, String tenant, AuditEntry e, Instant eventTime) {
        Objects.requireNonNull(tenant, "tenant");
        BoundStatementBuilder b = inserts.get(table).boundStatementBuilder()
                .setLong("ts", ChronoUnit.MICROS.between(Instant.EPOCH, eventTime))
                .setString("tenant", tenant)
                .setInt("bucket", AuditBuckets.of(table.bucket(), e.at()))
                .setInstant("at", e.at())
                .setString("access_id", e.accessId())
                .setString("kind", e.kind())
                .setInt("instances", e.instances())
                .setInt("frames", e.frames())
                .setLong("bytes", e.bytes())
                .setIdempotence(true);
        // Unset (not null) for absent values: no tombstones.
        setIfPresent(b, "subject", e.subject());
        setIfPresent(b, "roles", e.roles());
        setIfPresent(b, "client", e.clientAddress());
        setIfPresent(b, "purpose", e.purpose());
        setIfPresent(b, "level", e.level());
        setIfPresent(b, "study_uid", e.studyUid());
        setIfPresent(b, "series_uid", e.seriesUid());
        setIfPresent(b, "sop_uid", e.sopUid());
        setIfPresent(b, "outcome", e.outcome());
        setIfPresent(b, "patient_ref", e.patientRef());
        setIfPresent(b, "detail", e.detail());
        return b.build();
    }

    /** An event's rows in as few requests as the batch limits allow; returns when all are written. */
    private void write(List<BoundStatement> rows) {
        batches.write(rows).join();
    }

    private static void setIfPresent(BoundStatementBuilder b, String column, String value) {
        if (value != null) {
            b.setString(column, value);
        }
    }
}
