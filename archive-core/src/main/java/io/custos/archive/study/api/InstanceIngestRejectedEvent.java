package io.custos.archive.study.api;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;
import io.custos.archive.ingest.api.IngestSource;
import io.custos.archive.ingest.api.RejectionReason;

/**
 * An object was refused and nothing of it was kept. UIDs are present only when the object could be read
 * far enough to know them (they are null for unparseable input); size and digest always identify the bytes.
 * A refusal of a conflicting duplicate is applied by the study aggregate; every other refusal happens
 * before any study is involved and is published on its own.
 */
public record InstanceIngestRejectedEvent(
        String studyId,
        TenantId tenant,
        RegionId region,
        String studyInstanceUid,
        String sopInstanceUid,
        String sopClassUid,
        long sizeBytes,
        String sha256,
        RejectionReason reason,
        IngestSource source) {
}
