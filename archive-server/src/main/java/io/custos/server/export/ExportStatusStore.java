package io.custos.server.export;

import io.custos.archive.export.api.ExportId;
import io.custos.archive.export.api.ExportState;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The export requests' current state, for the status API: one PostgreSQL row per request, written by
 * {@link ExportStatusProjection} from the events and rebuildable from them. No PHI: ids, codes, counts.
 */
final class ExportStatusStore {

    /** One request as the API shows it. */
    record Status(String exportId, String state, String project, String protocol, String requester,
                  String decidedBy, String reason, int studiesTotal, int studiesDone, int instancesExported,
                  int instancesExcluded, String manifestSha256, Instant updated) {
    }

    private final JdbcTemplate jdbc;

    ExportStatusStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void createSchemaIfAbsent() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS custos_exports ("
                + " export_id varchar(128) PRIMARY KEY, tenant varchar(64) NOT NULL, state varchar(16) NOT NULL,"
                + " project varchar(64) NOT NULL, protocol varchar(64) NOT NULL, requester varchar(256) NOT NULL,"
                + " decided_by varchar(256), reason varchar(64), studies_total int NOT NULL,"
                + " studies_done int NOT NULL DEFAULT 0, instances_exported int NOT NULL DEFAULT 0,"
                + " instances_excluded int NOT NULL DEFAULT 0, manifest_sha256 varchar(64),"
                + " updated timestamptz NOT NULL)");
    }

    /** Idempotent: replaying the events rewrites the same row. */
    void requested(ExportId id, String project, String protocol, String requester, int studies, Instant at) {
        jdbc.update("INSERT INTO custos_exports (export_id, tenant, state, project, protocol, requester, studies_total,"
                        + " updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (export_id) DO UPDATE SET"
                        + " state = EXCLUDED.state, studies_done = 0, instances_exported = 0, instances_excluded = 0,"
                        + " decided_by = NULL, reason = NULL, manifest_sha256 = NULL, updated = EXCLUDED.updated",
                id.value(), id.tenant(), ExportState.REQUESTED.name(), project, protocol, requester, studies,
                Timestamp.from(at));
    }

    void decided(ExportId id, ExportState state, String steward, String reason, Instant at) {
        jdbc.update("UPDATE custos_exports SET state = ?, decided_by = ?, reason = ?, updated = ? WHERE export_id = ?",
                state.name(), steward, reason, Timestamp.from(at), id.value());
    }

    void state(ExportId id, ExportState state, String reason, Instant at) {
        jdbc.update("UPDATE custos_exports SET state = ?, reason = COALESCE(?, reason), updated = ?"
                + " WHERE export_id = ?", state.name(), reason, Timestamp.from(at), id.value());
    }

    /** Started or started again: a failure's reason no longer applies. */
    void started(ExportId id, Instant at) {
        jdbc.update("UPDATE custos_exports SET state = ?, reason = NULL, updated = ? WHERE export_id = ?",
                ExportState.RUNNING.name(), Timestamp.from(at), id.value());
    }

    void progress(ExportId id, int studiesDone, int exported, int excluded, Instant at) {
        jdbc.update("UPDATE custos_exports SET studies_done = ?, instances_exported = instances_exported + ?,"
                        + " instances_excluded = instances_excluded + ?, updated = ? WHERE export_id = ?",
                studiesDone, exported, excluded, Timestamp.from(at), id.value());
    }

    void completed(ExportId id, String manifestSha256, Instant at) {
        jdbc.update("UPDATE custos_exports SET state = ?, manifest_sha256 = ?, updated = ? WHERE export_id = ?",
                ExportState.COMPLETED.name(), manifestSha256, Timestamp.from(at), id.value());
    }

    /** Requests left approved or running (every tenant): the export jobs resume them when the archive starts. */
    List<ExportId> unfinished() {
        return jdbc.query("SELECT export_id FROM custos_exports WHERE state IN (?, ?) ORDER BY updated",
                (rs, n) -> new ExportId(rs.getString(1)), ExportState.APPROVED.name(), ExportState.RUNNING.name());
    }

    /** A request of the tenant, or empty (another tenant's id is as unknown as a missing one). */
    Optional<Status> find(String tenant, ExportId id) {
        List<Status> rows = jdbc.query("SELECT * FROM custos_exports WHERE export_id = ? AND tenant = ?",
                (rs, n) -> new Status(rs.getString("export_id"), rs.getString("state"), rs.getString("project"),
                        rs.getString("protocol"), rs.getString("requester"), rs.getString("decided_by"),
                        rs.getString("reason"), rs.getInt("studies_total"), rs.getInt("studies_done"),
                        rs.getInt("instances_exported"), rs.getInt("instances_excluded"),
                        rs.getString("manifest_sha256"), rs.getTimestamp("updated").toInstant()),
                id.value(), tenant);
        return rows.stream().findFirst();
    }
}
