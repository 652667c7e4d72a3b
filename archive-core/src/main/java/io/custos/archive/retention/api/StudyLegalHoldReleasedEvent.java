package io.custos.archive.retention.api;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;

/** A legal hold on a study was released. */
public record StudyLegalHoldReleasedEvent(String studyId, TenantId tenant, RegionId region, StudyInstanceUid study, HoldId hold,
        AccessActor actor) {
}
