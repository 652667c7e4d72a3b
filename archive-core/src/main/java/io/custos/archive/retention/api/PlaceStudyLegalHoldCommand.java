package io.custos.archive.retention.api;

import io.custos.archive.access.api.AccessActor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record PlaceStudyLegalHoldCommand(@TargetAggregateIdentifier String studyId, HoldId hold, AccessActor actor) {
}
