package io.custos.archive.retention.api;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;

import java.time.LocalDate;
import java.util.List;

/**
 * A deletion was asked for and refused; nothing was deleted. {@code retainUntil} is the first day the
 * retention policy allows deletion (set when the refusal is the retention period); {@code holds} are the holds
 * that blocked it (when the refusal is a hold).
 */
public record StudyDeletionRefusedEvent(String studyId, TenantId tenant, RegionId region, StudyInstanceUid study,
        DeletionRefusal refusal, LocalDate retainUntil, List<HoldId> holds, DeletionReason requestedFor,
        AccessActor actor) {
    public StudyDeletionRefusedEvent {
        holds = List.copyOf(holds);
    }
}
