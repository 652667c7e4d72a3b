package io.custos.query.index;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The part of a study query Cassandra evaluates through SAI indexes. It only narrows the candidates; the
 * caller still applies the full PS3.4 C.2.2.2 matching in memory, so this must never exclude a match.
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

    @Override
    public String toString() {
        return "StudyFilter[values hidden]";
    }
}
