package io.custos.query.index;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.SeriesInstanceUid;
import io.custos.archive.domain.SopClassUid;
import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.domain.TransferSyntaxUid;
import io.custos.archive.ingest.api.IndexedAttribute;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the study index needs from a stored instance, with its attributes already opened (decrypted). Kept
 * apart from the event so the projection does not depend on how attributes are sealed.
 */
public record IndexedInstance(
        TenantId tenant,
        RegionId region,
        StudyInstanceUid study,
        SeriesInstanceUid series,
        SopInstanceUid sop,
        SopClassUid sopClass,
        TransferSyntaxUid ts,
        long sizeBytes,
        Instant storedAt,
        List<IndexedAttribute> attributes) {

    public IndexedInstance {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(sop, "sop");
        Objects.requireNonNull(sopClass, "sopClass");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(storedAt, "storedAt");
        attributes = List.copyOf(attributes);
    }

    @Override
    public String toString() {
        // UIDs can identify a patient's study: keep them out of logs.
        return "IndexedInstance[tenant " + tenant + ", " + attributes.size() + " attribute(s)]";
    }
}
