package io.custos.archive.retention.api;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;

import java.util.List;

/**
 * A deletion of one of the patient's studies looked at the patient's holds. Appending it to the patient's
 * stream orders the check against any hold placed at the same time: a hold placed concurrently either
 * precedes the check (and is seen) or follows it in the stream, never neither.
 */
public record PatientHoldsCheckedEvent(String holdsId, TenantId tenant, RegionId region, String patientRef,
        StudyInstanceUid study, List<HoldId> activeHolds) {
    public PatientHoldsCheckedEvent {
        activeHolds = List.copyOf(activeHolds);
    }
}
