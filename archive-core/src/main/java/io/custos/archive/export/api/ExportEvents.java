package io.custos.archive.export.api;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;

/** The events of an export request: every step, and every refused step. No PHI: studies, counts, codes. */
public final class ExportEvents {

    private ExportEvents() {
    }

    public record ExportRequestedEvent(ExportId exportId, RegionId region, ExportPlan plan, AccessActor researcher) {
    }

    public record ExportApprovedEvent(ExportId exportId, AccessActor steward) {
    }

    public record ExportRejectedEvent(ExportId exportId, String reason, AccessActor steward) {
    }

    /** A decision or download that was refused, and why. */
    public record ExportStepRefusedEvent(ExportId exportId, String step, ExportCommandResult refusal,
                                         AccessActor actor) {
    }

    public record ExportStartedEvent(ExportId exportId, String jobNode, boolean resumed) {
    }

    /**
     * {@code patientRef}: the study's patient as a keyed hash, as the access events carry it (the accounting of
     * disclosures lists exports by it); null in events recorded before it existed and for studies without a
     * Patient ID.
     */
    public record ExportStudyCompletedEvent(ExportId exportId, StudyInstanceUid study, int instancesExported,
                                            int instancesExcluded, long bytes, int studiesDone, int studiesTotal,
                                            String patientRef) {
    }

    public record ExportCompletedEvent(ExportId exportId, String manifestSha256, int files, long bytes) {
    }

    public record ExportFailedEvent(ExportId exportId, String reason) {
    }

    /** A data steward sent the FAILED export back to the job: it is approved again and runs from where it stopped. */
    public record ExportRetriedEvent(ExportId exportId, AccessActor steward) {
    }

    public record ExportDownloadedEvent(ExportId exportId, String file, AccessActor actor) {
    }
}
