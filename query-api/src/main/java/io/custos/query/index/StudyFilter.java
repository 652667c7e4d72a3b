package io.custos.query.index;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * The part of a study query the index evaluates: PatientID and AccessionNumber through the lookup table, the
 * StudyDate range and modality through SAI indexes. It only narrows the candidates; the caller still applies the
 * full PS3.4 C.2.2.2 matching in memory, so this must never exclude a match.
 */
public record StudyFilter(
        Optional<String> patientId,
        Optional<String> accessionNumber,
        Optional<LocalDate> studyDateFrom,
        Optional<LocalDate> studyDateTo,
        Optional<String> modality) {

    public static StudyFilter none() {
        return new StudyFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * The lookup partition this filter is answered from, when it has a PatientID or AccessionNumber value (PatientID
     * first: the more selective of the two in practice, and either alone is exact).
     */
    public Optional<StudyLookupKey> lookupKey() {
        return patientId().map(StudyLookupKey::patientId)
                .or(() -> accessionNumber().map(StudyLookupKey::accessionNumber));
    }

    /** Whether a stored study row's indexed columns satisfy every part of this filter (nulls: column unset). */
    public boolean admits(String patientId, String accessionNumber, LocalDate studyDate, Set<String> modalities) {
        return patientId().map(v -> v.equals(patientId)).orElse(true)
                && accessionNumber().map(v -> v.equals(accessionNumber)).orElse(true)
                && studyDateFrom().map(from -> studyDate != null && !studyDate.isBefore(from)).orElse(true)
                && studyDateTo().map(to -> studyDate != null && !studyDate.isAfter(to)).orElse(true)
                && modality().map(m -> modalities != null && modalities.contains(m)).orElse(true);
    }

    @Override
    public String toString() {
        return "StudyFilter[values hidden]";
    }
}
