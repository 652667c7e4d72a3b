package io.custos.archive.access.api;

import java.util.Objects;

/**
 * A study whose data (or whose existence, for a search) a request disclosed, with the patient it belongs to
 * as a keyed hash of PatientID and IssuerOfPatientID ({@code patientRef}; null when the study is not known
 * here). The plaintext patient identifier is never part of an event.
 */
public record DisclosedStudy(String studyUid, String patientRef) {
    public DisclosedStudy {
        Objects.requireNonNull(studyUid, "studyUid");
    }
}
