package io.custos.archive.retention.model;

import io.custos.archive.retention.api.CheckPatientHoldsCommand;
import io.custos.archive.retention.api.HoldId;
import io.custos.archive.retention.api.HoldResult;
import io.custos.archive.retention.api.PatientHoldsCheckedEvent;
import io.custos.archive.retention.api.PatientLegalHoldPlacedEvent;
import io.custos.archive.retention.api.PatientLegalHoldReleasedEvent;
import io.custos.archive.retention.api.PlacePatientLegalHoldCommand;
import io.custos.archive.retention.api.ReleasePatientLegalHoldCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The legal holds on one patient of a tenant in a region. The patient is known only by the keyed hash the
 * audit trail uses, so the holds apply to every study of the patient, including studies not yet received.
 * Deletions check here through the stream ({@link CheckPatientHoldsCommand}), which orders each check
 * against concurrent holds.
 */
public class PatientHolds {

    @AggregateIdentifier
    private String holdsId;
    private final Set<HoldId> holds = new LinkedHashSet<>();

    public PatientHolds() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public HoldResult handle(PlacePatientLegalHoldCommand command) {
        if (holds.contains(command.hold())) {
            return HoldResult.ALREADY_PLACED;
        }
        apply(new PatientLegalHoldPlacedEvent(command.holdsId(), command.patient().tenant(),
                command.patient().region(), command.patient().patientRef(), command.hold(), command.actor()));
        return HoldResult.PLACED;
    }

    /** A patient who never had a hold has no stream: Axon answers AggregateNotFoundException. */
    @CommandHandler
    public HoldResult handle(ReleasePatientLegalHoldCommand command) {
        if (!holds.contains(command.hold())) {
            return HoldResult.NOT_PLACED;
        }
        apply(new PatientLegalHoldReleasedEvent(command.holdsId(), command.patient().tenant(),
                command.patient().region(), command.patient().patientRef(), command.hold(), command.actor()));
        return HoldResult.RELEASED;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<HoldId> handle(CheckPatientHoldsCommand command) {
        List<HoldId> active = List.copyOf(holds);
        apply(new PatientHoldsCheckedEvent(command.holdsId(), command.patient().tenant(), command.patient().region(),
                command.patient().patientRef(), command.study(), active));
        return active;
    }

    @EventSourcingHandler
    void on(PatientLegalHoldPlacedEvent event) {
        holdsId = event.holdsId();
        holds.add(event.hold());
    }

    @EventSourcingHandler
    void on(PatientLegalHoldReleasedEvent event) {
        holdsId = event.holdsId();
        holds.remove(event.hold());
    }

    @EventSourcingHandler
    void on(PatientHoldsCheckedEvent event) {
        holdsId = event.holdsId();
    }
}
