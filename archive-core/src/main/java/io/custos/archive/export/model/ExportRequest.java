package io.custos.archive.export.model;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.export.api.ExportCommandResult;
import io.custos.archive.export.api.ExportCommands;
import io.custos.archive.export.api.ExportEvents.ExportApprovedEvent;
import io.custos.archive.export.api.ExportEvents.ExportCompletedEvent;
import io.custos.archive.export.api.ExportEvents.ExportDownloadedEvent;
import io.custos.archive.export.api.ExportEvents.ExportFailedEvent;
import io.custos.archive.export.api.ExportEvents.ExportRejectedEvent;
import io.custos.archive.export.api.ExportEvents.ExportRequestedEvent;
import io.custos.archive.export.api.ExportEvents.ExportRetriedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStartedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStepRefusedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStudyCompletedEvent;
import io.custos.archive.export.api.ExportId;
import io.custos.archive.export.api.ExportState;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One research export request and its life: requested by a researcher, decided by a data steward who is not
 * the requester (four eyes), run study by study, completed or failed, downloaded. Roles arrive already
 * verified in the actor (from the token); the aggregate still checks them, because the rule "a steward
 * approves" belongs to the domain, not to one controller.
 */
public class ExportRequest {

    static final String RESEARCHER = "researcher";
    static final String DATA_STEWARD = "data-steward";

    @AggregateIdentifier
    private ExportId exportId;
    private ExportState state;
    private AccessActor researcher;
    private Set<StudyInstanceUid> planned;
    private final Set<StudyInstanceUid> done = new HashSet<>();
    /** A start after this one resumes (after a restart, a failure, a steward's retry). */
    private boolean startedBefore;

    /** For Axon. */
    public ExportRequest() {
    }

    @CommandHandler
    public ExportRequest(ExportCommands.Request command) {
        if (!hasRole(command.researcher(), RESEARCHER)) {
            throw new IllegalArgumentException("only a researcher requests an export");
        }
        if (!command.researcher().tenant().equals(command.exportId().tenant())) {
            throw new IllegalArgumentException("an export belongs to the researcher's tenant");
        }
        apply(new ExportRequestedEvent(command.exportId(), command.region(), command.plan(), command.researcher()));
    }

    @CommandHandler
    public ExportCommandResult handle(ExportCommands.Decide command) {
        AccessActor steward = command.steward();
        ExportCommandResult refusal = !hasRole(steward, DATA_STEWARD) || !steward.tenant().equals(exportId.tenant())
                ? ExportCommandResult.WRONG_ROLE
                : steward.subject().equals(researcher.subject()) ? ExportCommandResult.SAME_PERSON
                : state != ExportState.REQUESTED ? ExportCommandResult.WRONG_STATE
                : null;
        return refuseOrApply(refusal, command.approve() ? "approve" : "reject", steward,
                () -> command.approve() ? new ExportApprovedEvent(exportId, steward)
                        : new ExportRejectedEvent(exportId, command.reason(), steward));
    }

    @CommandHandler
    public ExportCommandResult handle(ExportCommands.Start command) {
        // A failed or interrupted job is started again; the studies already written are skipped.
        if (state != ExportState.APPROVED && state != ExportState.RUNNING && state != ExportState.FAILED) {
            return ExportCommandResult.WRONG_STATE;
        }
        apply(new ExportStartedEvent(exportId, command.jobNode(), startedBefore));
        return ExportCommandResult.DONE;
    }

    @CommandHandler
    public ExportCommandResult handle(ExportCommands.RecordStudyExported command) {
        if (state != ExportState.RUNNING) {
            return ExportCommandResult.WRONG_STATE;
        }
        if (!planned.contains(command.study())) {
            return ExportCommandResult.NOT_IN_PLAN;
        }
        if (done.contains(command.study())) {
            return ExportCommandResult.ALREADY_DONE;
        }
        apply(new ExportStudyCompletedEvent(exportId, command.study(), command.instancesExported(),
                command.instancesExcluded(), command.bytes(), done.size() + 1, planned.size(), command.patientRef()));
        return ExportCommandResult.DONE;
    }

    @CommandHandler
    public ExportCommandResult handle(ExportCommands.Complete command) {
        if (state == ExportState.COMPLETED) {
            return ExportCommandResult.ALREADY_DONE;
        }
        if (state != ExportState.RUNNING || done.size() != planned.size()) {
            return ExportCommandResult.WRONG_STATE;
        }
        apply(new ExportCompletedEvent(exportId, command.manifestSha256(), command.files(), command.bytes()));
        return ExportCommandResult.DONE;
    }

    @CommandHandler
    public ExportCommandResult handle(ExportCommands.Fail command) {
        if (state != ExportState.RUNNING && state != ExportState.APPROVED) {
            return ExportCommandResult.WRONG_STATE;
        }
        apply(new ExportFailedEvent(exportId, command.reason()));
        return ExportCommandResult.DONE;
    }

    @CommandHandler
    public ExportCommandResult handle(ExportCommands.Retry command) {
        AccessActor steward = command.steward();
        ExportCommandResult refusal = !hasRole(steward, DATA_STEWARD) || !steward.tenant().equals(exportId.tenant())
                ? ExportCommandResult.WRONG_ROLE
                : state != ExportState.FAILED ? ExportCommandResult.WRONG_STATE
                : null;
        return refuseOrApply(refusal, "retry", steward, () -> new ExportRetriedEvent(exportId, steward));
    }

    @CommandHandler
    public ExportCommandResult handle(ExportCommands.RecordDownload command) {
        AccessActor actor = command.actor();
        ExportCommandResult refusal = !actor.tenant().equals(exportId.tenant())
                || !(actor.subject().equals(researcher.subject()) || hasRole(actor, DATA_STEWARD))
                ? ExportCommandResult.WRONG_ROLE
                : state != ExportState.COMPLETED ? ExportCommandResult.WRONG_STATE
                : null;
        return refuseOrApply(refusal, "download", actor,
                () -> new ExportDownloadedEvent(exportId, command.file(), actor));
    }

    /** A step its actor may not take is itself an event (the refusal is audited); otherwise the step's event. */
    private ExportCommandResult refuseOrApply(ExportCommandResult refusal, String step, AccessActor actor,
                                              Supplier<Object> accepted) {
        if (refusal != null) {
            apply(new ExportStepRefusedEvent(exportId, step, refusal, actor));
            return refusal;
        }
        apply(accepted.get());
        return ExportCommandResult.DONE;
    }

    private static boolean hasRole(AccessActor actor, String role) {
        return Arrays.asList(actor.roles().split(",")).contains(role);
    }

    @EventSourcingHandler
    void on(ExportRequestedEvent event) {
        exportId = event.exportId();
        researcher = event.researcher();
        planned = new LinkedHashSet<>(event.plan().studies());
        state = ExportState.REQUESTED;
    }

    @EventSourcingHandler
    void on(ExportApprovedEvent event) {
        state = ExportState.APPROVED;
    }

    @EventSourcingHandler
    void on(ExportRejectedEvent event) {
        state = ExportState.REJECTED;
    }

    @EventSourcingHandler
    void on(ExportStartedEvent event) {
        state = ExportState.RUNNING;
        startedBefore = true;
    }

    @EventSourcingHandler
    void on(ExportStudyCompletedEvent event) {
        done.add(event.study());
    }

    @EventSourcingHandler
    void on(ExportCompletedEvent event) {
        state = ExportState.COMPLETED;
    }

    @EventSourcingHandler
    void on(ExportFailedEvent event) {
        state = ExportState.FAILED;
    }

    @EventSourcingHandler
    void on(ExportRetriedEvent event) {
        state = ExportState.APPROVED;
    }
}
