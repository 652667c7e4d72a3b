package io.custos.archive.ingest.dimse;

import io.custos.archive.domain.TenantId;
import io.custos.archive.ingest.api.RejectionReason;

/**
 * What the DICOM edge reports for the audit trail; the caller turns these into events. Stores are audited by
 * {@link io.custos.archive.ingest.api.InstanceIngest} itself; this covers what never reaches it. Implementations
 * must be thread-safe and quick (they run on association threads) and must not throw.
 */
public interface DimseAuditListener {

    /** An association was refused before any data was accepted. {@code calledAe}/{@code callingAe} may be null. */
    void associationRejected(String callingAe, String calledAe, String address, AssociationRejection reason);

    /** A C-ECHO (PS3.4 A.4 Verification) was answered. */
    void echoed(String callingAe, String calledAe, String address, TenantId tenant);

    /**
     * A C-STORE was refused at the edge without reaching ingest, because its data set exceeded the size
     * limit while being received (PS3.7 C.4.1.1.4: A700 out of resources).
     */
    void storeRefusedAtEdge(String callingAe, String calledAe, String address, TenantId tenant, RejectionReason reason);

    /** A listener that records nothing (tests, tools). */
    DimseAuditListener NONE = new DimseAuditListener() {
        @Override
        public void associationRejected(String callingAe, String calledAe, String address, AssociationRejection reason) {
        }

        @Override
        public void echoed(String callingAe, String calledAe, String address, TenantId tenant) {
        }

        @Override
        public void storeRefusedAtEdge(String callingAe, String calledAe, String address, TenantId tenant,
                                       RejectionReason reason) {
        }
    };
}
