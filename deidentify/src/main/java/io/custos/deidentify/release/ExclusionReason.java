package io.custos.deidentify.release;

/** Why an instance was left out of a research export. Codes only: listed per instance in the de-id report. */
public enum ExclusionReason {
    /** Its pixel data uses a transfer syntax or layout that cannot be decoded here, so it cannot be checked. */
    PIXELS_NOT_DECODABLE,
    /** After redaction, the verification pass still reads identifying text in the pixels. */
    PHI_REMAINS_IN_PIXELS,
    /** The redacted pixels could not be written back losslessly. */
    PIXELS_NOT_REENCODABLE,
    /** The header could not be de-identified (unreadable or unwritable data set). */
    HEADER_NOT_DEIDENTIFIABLE
}
