package io.custos.archive.study.model;

import io.custos.archive.ingest.api.RejectionReason;
import io.custos.archive.study.api.InstanceIngestRejectedEvent;
import io.custos.archive.study.api.InstanceReceivedAgainEvent;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.archive.study.api.RecordInstanceCommand;
import io.custos.archive.study.api.RecordingResult;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A study as the archive keeps it: which SOP instances it holds and the digest of each one's original
 * bytes. That is all the state its one rule needs: a SOP Instance UID names exactly one byte sequence
 * (PS3.3 C.12.1.1.1), so a re-send with the same bytes is harmless and a re-send with other bytes is a
 * conflict that is refused and recorded, never silently overwritten.
 */
public class Study {

    @AggregateIdentifier
    private String studyId;
    private final Map<String, String> digestBySop = new HashMap<>();

    /** For Axon: studies are created by their first recorded instance. */
    public Study() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public RecordingResult handle(RecordInstanceCommand command) {
        String known = digestBySop.get(command.sop().value());
        if (known == null) {
            apply(new InstanceStoredEvent(command.studyId(), command.tenant(), command.region(), command.study(),
                    command.series(), command.sop(), command.sopClass(), command.transferSyntax(),
                    command.sizeBytes(), command.sha256(), command.blobRef(), command.attributes(),
                    command.source()));
            return RecordingResult.STORED;
        }
        if (known.equals(command.sha256())) {
            apply(new InstanceReceivedAgainEvent(command.studyId(), command.tenant(), command.sop(),
                    command.sha256(), command.source()));
            return RecordingResult.ALREADY_STORED;
        }
        apply(new InstanceIngestRejectedEvent(command.studyId(), command.tenant(), command.region(),
                command.study().value(), command.sop().value(), command.sopClass().value(), command.sizeBytes(),
                command.sha256(), RejectionReason.CONFLICTING_DUPLICATE, command.source()));
        return RecordingResult.CONFLICT;
    }

    @EventSourcingHandler
    void on(InstanceStoredEvent event) {
        studyId = event.studyId();
        digestBySop.put(event.sop().value(), event.sha256());
    }

    @EventSourcingHandler
    void on(InstanceIngestRejectedEvent event) {
        // A study can be created by a refusal (conflict) only in theory: a conflict needs a stored instance.
        studyId = event.studyId();
    }

    @EventSourcingHandler
    void on(InstanceReceivedAgainEvent event) {
        studyId = event.studyId();
    }
}
