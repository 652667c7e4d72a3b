package io.custos.archive.ingest.api;

import io.custos.archive.domain.SeriesInstanceUid;
import io.custos.archive.domain.SopClassUid;
import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TransferSyntaxUid;

import java.util.List;
import java.util.Objects;

/**
 * A Part 10 object that passed edge validation: read whole, UIDs well formed, transfer syntax known.
 * {@code sha256} is the lowercase hex digest of the exact bytes received.
 */
public record ParsedInstance(
        StudyInstanceUid study,
        SeriesInstanceUid series,
        SopInstanceUid sop,
        SopClassUid sopClass,
        TransferSyntaxUid transferSyntax,
        long sizeBytes,
        String sha256,
        String datasetSha256,
        List<IndexedAttribute> attributes) {

    public ParsedInstance {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(sop, "sop");
        Objects.requireNonNull(sopClass, "sopClass");
        Objects.requireNonNull(transferSyntax, "transferSyntax");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(datasetSha256, "datasetSha256");
        attributes = List.copyOf(attributes);
    }

    @Override
    public String toString() {
        return "ParsedInstance[" + sizeBytes + " bytes, " + attributes.size() + " indexed attributes]";
    }
}
