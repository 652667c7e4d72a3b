package io.custos.archive.export.api;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of an export request (grouped: each is a small record with the same target). */
public final class ExportCommands {

    private ExportCommands() {
    }

    public record Request(@TargetAggregateIdentifier ExportId exportId, RegionId region, ExportPlan plan,
                          AccessActor researcher) {
    }

    /** A steward's decision; {@code reason} is a short code (e.g. PROTOCOL_MISMATCH), never free text. */
    public record Decide(@TargetAggregateIdentifier ExportId exportId, boolean approve, String reason,
                         AccessActor steward) {
    }

    /** The job starts, or resumes after a restart. */
    public record Start(@TargetAggregateIdentifier ExportId exportId, String jobNode) {
    }

    /**
     * One study is written to the export store (counts only; the per-instance detail is in the de-id report).
     * {@code patientRef} is the study's patient as the audit trail keys patients (HMAC under the tenant's lookup
     * key), so the accounting of disclosures can list the export; null when the study has no Patient ID.
     */
    public record RecordStudyExported(@TargetAggregateIdentifier ExportId exportId, StudyInstanceUid study,
                                      int instancesExported, int instancesExcluded, long bytes, String patientRef) {
    }

    public record Complete(@TargetAggregateIdentifier ExportId exportId, String manifestSha256, int files,
                           long bytes) {
    }

    /** A data steward sends a FAILED export back to the job, once its cause is mended. */
    public record Retry(@TargetAggregateIdentifier ExportId exportId, AccessActor steward) {
    }

    /** {@code reason} is a short code (e.g. STORE_UNAVAILABLE). */
    public record Fail(@TargetAggregateIdentifier ExportId exportId, String reason) {
    }

    public record RecordDownload(@TargetAggregateIdentifier ExportId exportId, String file, AccessActor actor) {
    }
}
