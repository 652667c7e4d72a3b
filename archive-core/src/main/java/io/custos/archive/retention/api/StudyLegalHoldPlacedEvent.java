package io.custos.archive.retention.api;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;

/** A legal hold was placed on a study: it cannot be deleted until every hold on it is released. */
public record StudyLegalHoldPlacedEvent(String studyId, TenantId tenant, RegionId region, StudyInstanceUid study, HoldId hold,
        AccessActor actor) {
}
