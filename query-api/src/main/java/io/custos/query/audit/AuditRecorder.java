package io.custos.query.audit;

import io.custos.archive.access.api.DisclosedStudy;
import java.time.Instant;
import java.util.List;

/**
 * Where {@link AuditEventHandler} writes: {@link AuditProjection} (Cassandra). Every write is idempotent: keyed by
 * the event's identifier and stamped with the event's time, so a replay rewrites the same rows.
 */
public interface AuditRecorder {

    /** An allowed access: the user's activity, the study trail per disclosed study, the patient's accounting. */
    void recordAccess(String tenant, AuditEntry entry, List<DisclosedStudy> disclosed, Instant eventTime);

    /** An action on a patient rather than a study: the user's and the patient's trail. */
    void recordPatientAction(String tenant, AuditEntry entry, Instant eventTime);

    /** A denied request, in its tenant's denial report. */
    void recordDenial(String tenant, AuditEntry entry, Instant eventTime);

    /** A step of a research export (issue 6): the tenant's export report. */
    void recordExport(String tenant, AuditEntry entry, Instant eventTime);

    /**
     * A study written into a research export: the export report, the study's trail and, when the entry names
     * the patient, the patient's accounting of disclosures.
     */
    void recordExportedStudy(String tenant, AuditEntry entry, Instant eventTime);

    /**
     * Who asked for an export and for what, kept from its request so that the job's later steps (which carry no
     * actor) are attributed to the requester.
     */
    void rememberExportRequest(String tenant, String exportId, ExportRequester requester, Instant eventTime);

    /** The requester of an export, or null if its request was not seen. */
    ExportRequester exportRequester(String tenant, String exportId);

    /** The researcher who requested an export, and its project and protocol. */
    record ExportRequester(String subject, String roles, String clientAddress, String project, String protocol) {
    }
}
