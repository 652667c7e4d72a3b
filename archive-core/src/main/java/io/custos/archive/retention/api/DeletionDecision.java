package io.custos.archive.retention.api;

import java.time.LocalDate;
import java.util.List;

/** The study's answer to a {@link DeleteStudyCommand}. */
public record DeletionDecision(Outcome outcome, DeletionRefusal refusal, LocalDate retainUntil, List<HoldId> holds,
        int instances, long bytes) {

    public enum Outcome { DELETED, ALREADY_DELETED, REFUSED }

    public DeletionDecision {
        holds = List.copyOf(holds);
    }

    public static DeletionDecision refused(DeletionRefusal refusal, LocalDate retainUntil, List<HoldId> holds) {
        return new DeletionDecision(Outcome.REFUSED, refusal, retainUntil, holds, 0, 0);
    }
}
