package io.custos.archive.retention.api;

import io.custos.archive.domain.StudyInstanceUid;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Answers the patient's active holds (a {@code List<HoldId>}), recording the check in the patient's stream. */
public record CheckPatientHoldsCommand(PatientHoldsId patient, StudyInstanceUid study) {
    @TargetAggregateIdentifier
    public String holdsId() {
        return patient.value();
    }
}
