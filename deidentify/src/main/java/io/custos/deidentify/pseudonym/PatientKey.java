package io.custos.deidentify.pseudonym;

/**
 * What identifies a patient within the source archive: Patient ID (0010,0020) qualified by Issuer of Patient
 * ID (0010,0021), both as found (PS3.3 C.7.1.1). An instance without a Patient ID is keyed by its Study
 * Instance UID instead: it gets a pseudonym and a date shift of its own, consistent within the study only.
 */
public record PatientKey(String issuer, String patientId, String studyInstanceUid) {

    public PatientKey {
        issuer = issuer == null ? "" : issuer.strip();
        patientId = patientId == null ? "" : patientId.strip();
        studyInstanceUid = studyInstanceUid == null ? "" : studyInstanceUid.strip();
    }

    public static PatientKey of(String issuer, String patientId, String studyInstanceUid) {
        return new PatientKey(issuer, patientId, studyInstanceUid);
    }

    /** The parts that are hashed: by patient where there is a Patient ID, else by study. */
    public String[] hashedParts() {
        return patientId.isEmpty()
                ? new String[] {"study", studyInstanceUid}
                : new String[] {"patient", issuer, patientId};
    }

    @Override
    public String toString() {
        // Never the identifiers themselves (no PHI in logs or messages).
        return "PatientKey[" + (patientId.isEmpty() ? "by study" : "by patient id") + "]";
    }
}
