package io.custos.archive.retention.api;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;

/** A legal hold on a patient was released. */
public record PatientLegalHoldReleasedEvent(String holdsId, TenantId tenant, RegionId region, String patientRef, HoldId hold,
        AccessActor actor) {
}
