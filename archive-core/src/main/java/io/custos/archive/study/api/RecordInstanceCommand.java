package io.custos.archive.study.api;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.SeriesInstanceUid;
import io.custos.archive.domain.SopClassUid;
import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.domain.TransferSyntaxUid;
import io.custos.archive.ingest.api.IngestSource;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record an instance whose encrypted blob is already durable. The study decides whether it is new,
 * a byte-identical re-send, or a conflicting object under a known SOP Instance UID.
 */
public record RecordInstanceCommand(
        @TargetAggregateIdentifier String studyId,
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
