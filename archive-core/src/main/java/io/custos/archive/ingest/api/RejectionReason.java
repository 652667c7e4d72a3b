package io.custos.archive.ingest.api;

/**
 * Why an object was refused at the edge, with the status that tells the sender: the C-STORE response status
 * (PS3.4 B.2.3, PS3.7 C.4) and, for STOW-RS, the Failure Reason (0008,1197) of PS3.18 Table 10.5.3-2.
 * Descriptions are generic on purpose: they are sent to peers and written to logs, so they carry no values.
 */
public enum RejectionReason {
    /** The bytes are not a DICOM Part 10 object that could be read whole. */
    NOT_PARSEABLE(0xC000, "Cannot understand: not a complete DICOM Part 10 object"),
    /** A required UID (study, series, SOP instance, SOP class, transfer syntax) is missing or malformed. */
    INVALID_UID(0xA900, "Data set does not match SOP class: a required UID is missing or malformed"),
    /** The transfer syntax is not one this archive knows how to keep and serve. */
    UNSUPPORTED_TRANSFER_SYNTAX(0xC122, "Referenced transfer syntax not supported"),
    /** The object is bigger than the configured limit. */
    TOO_LARGE(0xA700, "Refused: out of resources (object exceeds the size limit)"),
    /** STOW-RS to /studies/{uid} with an object of another study (PS3.18 10.5.3). */
    STUDY_MISMATCH(0xC409, "Study Instance UID does not match the target study of the request"),
    /** The same SOP Instance UID was stored before with different bytes. */
    CONFLICTING_DUPLICATE(0x0111, "Duplicate SOP instance with different content"),
    /** Meta header and data set disagree on the SOP Class or SOP Instance UID. */
    META_MISMATCH(0xA900, "Data set does not match SOP class: file meta information disagrees with the data set"),
    /**
     * The tenant does not allow its data in the region of the endpoint that received the object. 0124H is
     * "Refused: Not Authorized" (PS3.7 C.5.x general status; PS3.18 Table 10.5.3-2 failure reason).
     */
    REGION_NOT_ALLOWED(0x0124, "Refused: not authorized (the tenant does not allow data in this region)"),
    /** The study is kept in another region; no instance of it may be stored here (no cross-region copies). */
    STUDY_IN_OTHER_REGION(0x0124, "Refused: not authorized (the study is kept in another region)"),
    /** The study was deleted and its key destroyed; its Study Instance UID is not reused. */
    STUDY_DELETED(0x0124, "Refused: not authorized (the study was deleted)"),
    /** Storage or event commit failed; nothing was kept. */
    PROCESSING_FAILURE(0x0110, "Processing failure: the object was not stored");

    private final int status;
    private final String description;

    RejectionReason(int status, String description) {
        this.status = status;
        this.description = description;
    }

    public int dicomStatus() {
        return status;
    }

    public String description() {
        return description;
    }
}
