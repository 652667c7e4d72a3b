package io.custos.archive.retention.api;

import io.custos.archive.access.api.AccessActor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record PlacePatientLegalHoldCommand(PatientHoldsId patient, HoldId hold, AccessActor actor) {
    @TargetAggregateIdentifier
    public String holdsId() {
        return patient.value();
    }
}
