package io.custos.archive.study.api;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.SeriesInstanceUid;
import io.custos.archive.domain.SopClassUid;
import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.domain.TransferSyntaxUid;
import io.custos.archive.ingest.api.IngestSource;

/**
 * An instance was accepted: its encrypted blob is durable and this event is the proof of record.
 * Identifiers needed for audit lookup are in clear; PHI is only inside {@link #attributes()}.
 * {@code datasetSha256} digests the transfer syntax and the data set without its File Meta Information
 * (null in events recorded before it existed): the same instance re-sent with another Part 10 header (another
 * sender's implementation UID, source AE) is the same object.
 */
public record InstanceStoredEvent(
        String studyId,
        TenantId tenant,
        RegionId region,
        StudyInstanceUid study,
        SeriesInstanceUid series,
        SopInstanceUid sop,
        SopClassUid sopClass,
        TransferSyntaxUid transferSyntax,
        long sizeBytes,
        String sha256,
        String blobRef,
        SealedAttributes attributes,
        IngestSource source,
        String datasetSha256) {
}
