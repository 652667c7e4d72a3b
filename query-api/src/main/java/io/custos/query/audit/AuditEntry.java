package io.custos.query.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of an audit report, as stored in every audit table. Identifiers are in clear (UIDs, subject,
 * address); the patient only as its keyed hash ({@code patientRef}); never a PHI value.
 *
 * @param accessId  the event identifier (for a frame window: the window id, shared by its start and summary)
 * @param kind      an {@code AccessKind} name, {@code DENIED}, or {@code ASSOCIATION_REJECTED}
 * @param outcome   an {@code AccessOutcome} name, {@code STARTED} for an open frame window, or the denial reason
 * @param detail    free text without PHI: search keys, denial method/path/status, frame window counts
 */
public record AuditEntry(
        Instant at,
        String accessId,
        String kind,
        String subject,
        String roles,
        String clientAddress,
        String purpose,
        String level,
        String studyUid,
        String seriesUid,
        String sopUid,
        int instances,
        int frames,
        long bytes,
        String outcome,
        String patientRef,
        String detail) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(accessId, "accessId");
        Objects.requireNonNull(kind, "kind");
    }

    /** The same entry placed under one disclosed study and its patient (rows of the study and patient tables). */
    AuditEntry forStudy(String study, String patient) {
        return new AuditEntry(at, accessId, kind, subject, roles, clientAddress, purpose, level, study, seriesUid,
                sopUid, instances, frames, bytes, outcome, patient, detail);
    }
}
