package io.custos.archive.retention.api;

import io.custos.archive.access.api.AccessActor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

/**
 * Delete a study if nothing forbids it. The caller has worked out what the study alone cannot know: the first
 * day its retention allows deletion, today's date, and the patient's holds; the study checks its own holds.
 */
public record DeleteStudyCommand(@TargetAggregateIdentifier String studyId, DeletionReason reason,
        LocalDate retainUntil, LocalDate today, List<HoldId> patientHolds, String patientRef, AccessActor actor) {
    public DeleteStudyCommand {
        patientHolds = List.copyOf(patientHolds);
    }
}
