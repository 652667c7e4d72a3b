package io.custos.deidentify.report;

/** What de-identification did to one attribute (by path), for the per-instance de-identification report. */
public enum Outcome {
    /** Removed (action X, or not known to be safe). */
    REMOVED,
    /** Replaced with a zero-length value (Z). */
    EMPTIED,
    /** Replaced with a fixed dummy value (D). */
    DUMMIED,
    /** Identifying words removed from the text, the rest kept (C on text). */
    CLEANED,
    /** UID replaced with its project UID (U). */
    REMAPPED,
    /** Date moved by the patient's shift (Modified Dates). */
    SHIFTED,
    /** Replaced with the patient's project pseudonym. */
    PSEUDONYMISED,
    /** Kept unchanged. */
    KEPT,
    /** Specific Character Set replaced by UTF-8 and every text value re-encoded (ISO 2022 sources). */
    TRANSCODED,
    /** Added by the de-identifier (PatientIdentityRemoved, method codes, ...). */
    ADDED
}
