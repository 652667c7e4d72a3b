package io.custos.query.audit;

/**
 * The audit tables, one per auditor question, each partitioned by tenant, the question's key and a time
 * bucket so that no partition grows without bound (a patient's or a study's month, a user's or a tenant's
 * day of denials). Rows are ordered newest first within a partition.
 */
public enum AuditTable {
    /** Accounting of disclosures for a patient: key = keyed hash of PatientID + IssuerOfPatientID. */
    BY_PATIENT("audit_by_patient", "patient_ref", Bucket.MONTH, true),
    /** Activity of a user: key = token subject. */
    BY_USER("audit_by_user", "subject", Bucket.DAY, false),
    /** Full trail of a study: key = Study Instance UID. */
    BY_STUDY("audit_by_study", "study_uid", Bucket.MONTH, false),
    /** Every denied request of a tenant (no key beyond the tenant). */
    DENIALS("audit_denials", null, Bucket.DAY, false),
    /** Every export of a tenant (written by the export events of issue 6; none exist yet). */
    EXPORTS("audit_exports", null, Bucket.MONTH, false);

    /** Time bucket of a partition. */
    public enum Bucket { DAY, MONTH }

    private final String tableName;
    private final String keyColumn;
    private final Bucket bucket;
    private final boolean studyInClusteringKey;

    AuditTable(String tableName, String keyColumn, Bucket bucket, boolean studyInClusteringKey) {
        this.tableName = tableName;
        this.keyColumn = keyColumn;
        this.bucket = bucket;
        this.studyInClusteringKey = studyInClusteringKey;
    }

    public String tableName() {
        return tableName;
    }

    /** The partition-key column besides tenant and bucket, or null. */
    public String keyColumn() {
        return keyColumn;
    }

    public Bucket bucket() {
        return bucket;
    }

    /** A patient row per disclosed study: one search may disclose several studies of the same patient. */
    boolean studyInClusteringKey() {
        return studyInClusteringKey;
    }
}
