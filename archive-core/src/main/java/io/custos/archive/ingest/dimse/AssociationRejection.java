package io.custos.archive.ingest.dimse;

/**
 * Why an A-ASSOCIATE-RQ was refused, with the A-ASSOCIATE-RJ result/source/reason of PS3.8 9.3.4
 * (Table 9-21) that is sent back.
 */
public enum AssociationRejection {
    /** Result 1 rejected-permanent, source 1 service-user, reason 7 called-AE-title-not-recognized. */
    CALLED_AE_NOT_RECOGNIZED(1, 1, 7),
    /** Result 1 rejected-permanent, source 1 service-user, reason 3 calling-AE-title-not-recognized. */
    CALLING_AE_NOT_RECOGNIZED(1, 1, 3),
    /** Result 2 rejected-transient, source 3 service-provider (presentation), reason 2 local-limit-exceeded. */
    LOCAL_LIMIT_EXCEEDED(2, 3, 2);

    private final int result;
    private final int source;
    private final int reason;

    AssociationRejection(int result, int source, int reason) {
        this.result = result;
        this.source = source;
        this.reason = reason;
    }

    public int result() {
        return result;
    }

    public int source() {
        return source;
    }

    public int reason() {
        return reason;
    }
}
