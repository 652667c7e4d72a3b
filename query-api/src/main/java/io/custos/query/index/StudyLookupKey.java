package io.custos.query.index;

import java.util.Objects;

/**
 * A value a study is found by without a scan: its PatientID or its AccessionNumber, each a partition of the
 * lookup table within the tenant. The value is PHI, so it never appears in {@link #toString()}.
 */
public record StudyLookupKey(String name, String value) {

    public static final String PATIENT_ID = "patient_id";
    public static final String ACCESSION_NUMBER = "accession_number";

    public StudyLookupKey {
        if (!PATIENT_ID.equals(name) && !ACCESSION_NUMBER.equals(name)) {
            throw new IllegalArgumentException("not a study lookup key: " + name);
        }
        Objects.requireNonNull(value, "value");
    }

    public static StudyLookupKey patientId(String value) {
        return new StudyLookupKey(PATIENT_ID, value);
    }

    public static StudyLookupKey accessionNumber(String value) {
        return new StudyLookupKey(ACCESSION_NUMBER, value);
    }

    /** The study row's set column that remembers every value of this key the study was indexed under. */
    String historyColumn() {
        return PATIENT_ID.equals(name) ? "patient_ids" : "accession_numbers";
    }

    @Override
    public String toString() {
        return "StudyLookupKey[" + name + ", value hidden]";
    }
}
