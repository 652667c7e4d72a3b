package io.custos.archive.retention.api;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;

import java.util.List;

/**
 * A deleted study's data key was destroyed (crypto-shredding) and its blobs removed.
 *
 * @param dataKeyIds  the destroyed key ids (empty if a previous attempt had destroyed them already)
 * @param blobsDeleted how many blob files were removed by this attempt
 */
public record StudyShreddedEvent(String studyId, TenantId tenant, RegionId region, StudyInstanceUid study,
        List<String> dataKeyIds, int blobsDeleted) {
    public StudyShreddedEvent {
        dataKeyIds = List.copyOf(dataKeyIds);
    }
}
