package io.custos.archive.retention.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Record that a deleted study's key is destroyed and its blobs are gone; idempotent. */
public record RecordStudyShreddedCommand(@TargetAggregateIdentifier String studyId, List<String> dataKeyIds,
        int blobsDeleted) {
    public RecordStudyShreddedCommand {
        dataKeyIds = List.copyOf(dataKeyIds);
    }
}
