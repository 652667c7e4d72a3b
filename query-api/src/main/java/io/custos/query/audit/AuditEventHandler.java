package io.custos.query.audit;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.export.api.ExportEvents;
import io.custos.archive.export.api.ExportId;
import io.custos.archive.export.api.ExportPlan;
import io.custos.archive.retention.api.HoldId;
import io.custos.archive.retention.api.PatientLegalHoldPlacedEvent;
import io.custos.archive.retention.api.PatientLegalHoldReleasedEvent;
import io.custos.archive.retention.api.StudyDeletedEvent;
import io.custos.archive.retention.api.StudyDeletionRefusedEvent;
import io.custos.archive.retention.api.StudyLegalHoldPlacedEvent;
import io.custos.archive.retention.api.StudyLegalHoldReleasedEvent;
import io.custos.archive.access.api.AccessDeniedEvent;
import io.custos.archive.access.api.AssociationRejectedEvent;
import io.custos.archive.access.api.DataAccessedEvent;
import io.custos.archive.access.api.DisclosedStudy;
import io.custos.archive.access.api.FrameAccessStartedEvent;
import io.custos.archive.access.api.FrameAccessSummarizedEvent;
import io.custos.archive.access.api.PurposeOfUse;
import io.custos.archive.access.api.QueryKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;

/**
 * Feeds the audit tables from the event stream. The event's identifier and timestamp, never the clock, make
 * the row key and time, so a replay (processor reset) rewrites exactly the rows of the first run.
 */
@ProcessingGroup(AuditEventHandler.PROCESSING_GROUP)
public class AuditEventHandler {

    public static final String PROCESSING_GROUP = "audit-trail";

    private final AuditRecorder projection;

    public AuditEventHandler(AuditRecorder projection) {
        this.projection = projection;
    }

    @EventHandler
    public void on(DataAccessedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        // A study not known to the archive (a 404 read) is disclosed without a patient reference.
        String patient = e.disclosed().stream().filter(d -> d.studyUid().equals(e.study()))
                .map(DisclosedStudy::patientRef).filter(Objects::nonNull).findFirst().orElse(null);
        AuditEntry entry = new AuditEntry(at, id, e.kind().name(), e.actor().subject(), e.actor().roles(),
                e.actor().clientAddress(), e.purpose().name(), e.level(), e.study(), e.series(), e.instance(),
                e.instances(), e.frames(), e.bytes(), e.outcome().name(), patient, describe(e.query()));
        projection.recordAccess(e.actor().tenant(), entry, e.disclosed(), at);
    }

    @EventHandler
    public void on(FrameAccessStartedEvent e, @Timestamp Instant at) {
        AuditEntry entry = new AuditEntry(e.openedAt(), e.windowId(), "WADO_FRAMES", e.actor().subject(),
                e.actor().roles(), e.actor().clientAddress(), e.purpose().name(), "STUDY", e.study().studyUid(),
                null, null, 0, 0, 0, "STARTED", e.study().patientRef(), null);
        projection.recordAccess(e.actor().tenant(), entry, List.of(e.study()), at);
    }

    @EventHandler
    public void on(FrameAccessSummarizedEvent e, @Timestamp Instant at) {
        String outcome = e.failedRequests() == 0 ? "SUCCESS" : e.failedRequests() == e.requests() ? "FAILED"
                : "PARTIAL";
        AuditEntry entry = new AuditEntry(e.openedAt(), e.windowId(), "WADO_FRAMES", e.actor().subject(),
                e.actor().roles(), e.actor().clientAddress(), e.purpose().name(), "STUDY", e.study().studyUid(),
                null, null, 0, e.frames(), e.bytes(), outcome, e.study().patientRef(),
                "requests=" + e.requests() + " failed=" + e.failedRequests() + " closed=" + e.closedAt());
        projection.recordAccess(e.actor().tenant(), entry, List.of(e.study()), at);
    }

    @EventHandler
    public void on(AccessDeniedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        AuditEntry entry = new AuditEntry(at, id, "DENIED", e.subject(), e.role(), e.sourceAddress(), null, null,
                null, null, null, 0, 0, 0, e.reason(), null, e.method() + " " + e.path() + " " + e.httpStatus());
        projection.recordDenial(e.tenant() == null ? AuditQuestion.UNATTRIBUTED : e.tenant(), entry, at);
    }

    /** A refused association names no tenant we could trust (the called AE may be unknown). */
    @EventHandler
    public void on(AssociationRejectedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        AuditEntry entry = new AuditEntry(at, id, "ASSOCIATION_REJECTED", null, null, e.sourceAddress(), null, null,
                null, null, null, 0, 0, 0, e.reason(), null,
                "calling=" + e.callingAe() + " called=" + e.calledAe());
        projection.recordDenial(AuditQuestion.UNATTRIBUTED, entry, at);
    }

    @EventHandler
    public void on(StudyDeletedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        AuditEntry entry = governance(at, id, "STUDY_DELETED", e.actor(), e.study().value(), e.instances(), e.bytes(),
                "DELETED", e.patientRef(), "reason=" + e.reason() + " retainUntil=" + e.retainUntil());
        projection.recordAccess(e.tenant().value(), entry, List.of(), at);
    }

    /** A refused deletion is both in the trails and in the tenant's denial report. */
    @EventHandler
    public void on(StudyDeletionRefusedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        String detail = "requestedFor=" + e.requestedFor()
                + (e.retainUntil() != null ? " retainUntil=" + e.retainUntil() : "")
                + (e.holds().isEmpty() ? "" : " holds=" + e.holds().stream().map(HoldId::value)
                        .collect(Collectors.joining(",")));
        AuditEntry entry = governance(at, id, "STUDY_DELETION_REFUSED", e.actor(), e.study().value(), 0, 0,
                e.refusal().name(), null, detail);
        projection.recordAccess(e.tenant().value(), entry, List.of(), at);
        projection.recordDenial(e.tenant().value(), entry, at);
    }

    @EventHandler
    public void on(StudyLegalHoldPlacedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        projection.recordAccess(e.tenant().value(), governance(at, id, "LEGAL_HOLD_PLACED", e.actor(),
                e.study().value(), 0, 0, "PLACED", null, "hold=" + e.hold()), List.of(), at);
    }

    @EventHandler
    public void on(StudyLegalHoldReleasedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        projection.recordAccess(e.tenant().value(), governance(at, id, "LEGAL_HOLD_RELEASED", e.actor(),
                e.study().value(), 0, 0, "RELEASED", null, "hold=" + e.hold()), List.of(), at);
    }

    @EventHandler
    public void on(PatientLegalHoldPlacedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        projection.recordPatientAction(e.tenant().value(), governance(at, id, "PATIENT_LEGAL_HOLD_PLACED",
                e.actor(), null, 0, 0, "PLACED", e.patientRef(), "hold=" + e.hold()), at);
    }

    @EventHandler
    public void on(PatientLegalHoldReleasedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        projection.recordPatientAction(e.tenant().value(), governance(at, id, "PATIENT_LEGAL_HOLD_RELEASED",
                e.actor(), null, 0, 0, "RELEASED", e.patientRef(), "hold=" + e.hold()), at);
    }

    // Research exports (issue 6): the tenant's export report. A refused decision or download is also a denial.
    // The job's steps carry no actor: they are attributed to the researcher who requested the export (kept from
    // the request, which comes first in the export's event stream), and each exported study of a known patient
    // is a disclosure for research in the patient's accounting.

    @EventHandler
    public void on(ExportEvents.ExportRequestedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        ExportPlan plan = e.plan();
        AccessActor r = e.researcher();
        projection.rememberExportRequest(e.exportId().tenant(), e.exportId().value(),
                new AuditRecorder.ExportRequester(r.subject(), r.roles(), r.clientAddress(), plan.project(),
                        plan.protocol()), at);
        exportStep(at, id, "EXPORT_REQUESTED", e.researcher(), e.exportId(), plan.studies().size(), "REQUESTED",
                "project=" + plan.project() + " protocol=" + plan.protocol() + " options="
                        + plan.profileOptions().stream().sorted().collect(Collectors.joining(",")));
    }

    @EventHandler
    public void on(ExportEvents.ExportApprovedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        exportStep(at, id, "EXPORT_APPROVED", e.steward(), e.exportId(), 0, "APPROVED", null);
    }

    @EventHandler
    public void on(ExportEvents.ExportRetriedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        exportStep(at, id, "EXPORT_RETRIED", e.steward(), e.exportId(), 0, "APPROVED", null);
    }

    @EventHandler
    public void on(ExportEvents.ExportRejectedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        exportStep(at, id, "EXPORT_REJECTED", e.steward(), e.exportId(), 0, "REJECTED", "reason=" + e.reason());
    }

    @EventHandler
    public void on(ExportEvents.ExportStepRefusedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        AuditEntry entry = exportStep(at, id, "EXPORT_" + e.step().toUpperCase(java.util.Locale.ROOT) + "_REFUSED",
                e.actor(), e.exportId(), 0, e.refusal().name(), null);
        projection.recordDenial(e.exportId().tenant(), entry, at);
    }

    @EventHandler
    public void on(ExportEvents.ExportDownloadedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        exportStep(at, id, "EXPORT_DOWNLOADED", e.actor(), e.exportId(), 0, "DOWNLOADED", "file=" + e.file());
    }

    @EventHandler
    public void on(ExportEvents.ExportStartedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        jobStep(at, id, "EXPORT_STARTED", e.exportId(), null, 0, 0, e.resumed() ? "RESUMED" : "STARTED", null,
                "node=" + e.jobNode());
    }

    /** A study written into the export: also the study's trail and, with a known patient, its accounting. */
    @EventHandler
    public void on(ExportEvents.ExportStudyCompletedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        AuditEntry entry = jobEntry(at, id, "EXPORT_STUDY_EXPORTED", e.exportId(), e.study().value(),
                e.instancesExported(), e.bytes(), "EXPORTED", e.patientRef(),
                "study " + e.studiesDone() + "/" + e.studiesTotal() + " excluded=" + e.instancesExcluded());
        projection.recordExportedStudy(e.exportId().tenant(), entry, at);
    }

    @EventHandler
    public void on(ExportEvents.ExportCompletedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        jobStep(at, id, "EXPORT_COMPLETED", e.exportId(), null, 0, e.bytes(), "COMPLETED", null,
                "files=" + e.files() + " manifestSha256=" + e.manifestSha256());
    }

    @EventHandler
    public void on(ExportEvents.ExportFailedEvent e, @MessageIdentifier String id, @Timestamp Instant at) {
        jobStep(at, id, "EXPORT_FAILED", e.exportId(), null, 0, 0, "FAILED", null, "reason=" + e.reason());
    }

    private void jobStep(Instant at, String id, String kind, ExportId export, String study, int instances,
                         long bytes, String outcome, String patientRef, String detail) {
        projection.recordExport(export.tenant(), jobEntry(at, id, kind, export, study, instances, bytes, outcome,
                patientRef, detail), at);
    }

    /**
     * A row of the export job: the requester as its subject, purpose research (HRESCH), the export, project and
     * protocol in the detail (the requester unknown: no subject, no project).
     */
    private AuditEntry jobEntry(Instant at, String id, String kind, ExportId export, String study, int instances,
                                long bytes, String outcome, String patientRef, String detail) {
        AuditRecorder.ExportRequester r = projection.exportRequester(export.tenant(), export.value());
        String text = "export=" + export.value()
                + (r == null ? "" : " project=" + r.project() + " protocol=" + r.protocol())
                + (detail == null ? "" : " " + detail);
        return new AuditEntry(at, id, kind, r == null ? null : r.subject(), r == null ? null : r.roles(),
                r == null ? null : r.clientAddress(), PurposeOfUse.HRESCH.name(), study == null ? null : "STUDY",
                study, null, null, instances, 0, bytes, outcome, patientRef, text);
    }

    private AuditEntry exportStep(Instant at, String id, String kind, AccessActor actor, ExportId export,
                                  int studies, String outcome, String detail) {
        String text = "export=" + export.value() + (detail == null ? "" : " " + detail);
        AuditEntry entry = new AuditEntry(at, id, kind, actor.subject(), actor.roles(), actor.clientAddress(), null,
                null, null, null, null, studies, 0, 0, outcome, null, text);
        projection.recordExport(export.tenant(), entry, at);
        return entry;
    }

    private static AuditEntry governance(Instant at, String id, String kind, AccessActor actor, String studyUid,
                                         int instances, long bytes, String outcome, String patientRef,
                                         String detail) {
        return new AuditEntry(at, id, kind, actor.subject(), actor.roles(), actor.clientAddress(), null,
                studyUid == null ? null : "STUDY", studyUid, null, null, instances, 0, bytes, outcome, patientRef,
                detail);
    }

    /** Search keys as "key=value" (non-PHI parameters) or "key#hash" (hashed attribute values); null if none. */
    public static String describe(List<QueryKey> query) {
        if (query.isEmpty()) {
            return null;
        }
        return query.stream().map(k -> k.value() != null ? k.key() + "=" + k.value()
                : k.valueHash() != null ? k.key() + "#" + k.valueHash() : k.key()).collect(Collectors.joining("&"));
    }
}
