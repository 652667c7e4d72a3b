package io.custos.archive.retention.api;

/**
 * Why a study is deleted, as a code: free text typed by an administrator could carry PHI, and events are
 * kept for ever.
 */
public enum DeletionReason {
    /** The minimum retention period has passed and the tenant's records schedule says to dispose of it. */
    RETENTION_EXPIRED,
    /** The patient exercised a right to erasure (e.g. GDPR Art. 17) and no retention obligation applies. */
    PATIENT_REQUEST,
    /** Sent to the wrong archive or under the wrong patient; it must not remain. */
    MISFILED,
    /** A test or duplicate study. */
    NOT_CLINICAL
}
