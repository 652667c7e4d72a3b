package io.custos.archive.retention.api;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;

import java.time.LocalDate;
import java.util.List;

/**
 * The decision that a study is deleted. From this event on the study is gone for every reader; its data key is
 * destroyed and its blobs removed right after (recorded by {@link StudyShreddedEvent}), which makes the PHI sealed
 * in its earlier events unreadable while those events stay byte for byte what they were.
 *
 * @param patientRef the patient's keyed hash (as in the access trail), null if the study had no Patient ID
 * @param blobRefs   every blob the study owned, for the shredder
 */
public record StudyDeletedEvent(String studyId, TenantId tenant, RegionId region, StudyInstanceUid study,
        DeletionReason reason, LocalDate retainUntil, int instances, long bytes, List<String> blobRefs,
        String patientRef, AccessActor actor) {
    public StudyDeletedEvent {
        blobRefs = List.copyOf(blobRefs);
    }
}
