package io.custos.archive.retention.api;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;

/** A legal hold was placed on a patient (named only by the keyed hash used in the audit trail): none of the patient's studies can be deleted while it holds, including studies that arrive later. */
public record PatientLegalHoldPlacedEvent(String holdsId, TenantId tenant, RegionId region, String patientRef, HoldId hold,
        AccessActor actor) {
}
