package io.custos.archive.study.model;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.ingest.api.RejectionReason;
import io.custos.archive.retention.api.DeleteStudyCommand;
import io.custos.archive.retention.api.DeletionDecision;
import io.custos.archive.retention.api.DeletionRefusal;
import io.custos.archive.retention.api.HoldId;
import io.custos.archive.retention.api.HoldResult;
import io.custos.archive.retention.api.PlaceStudyLegalHoldCommand;
import io.custos.archive.retention.api.RecordStudyShreddedCommand;
import io.custos.archive.retention.api.ReleaseStudyLegalHoldCommand;
import io.custos.archive.retention.api.StudyDeletedEvent;
import io.custos.archive.retention.api.StudyDeletionRefusedEvent;
import io.custos.archive.retention.api.StudyLegalHoldPlacedEvent;
import io.custos.archive.retention.api.StudyLegalHoldReleasedEvent;
import io.custos.archive.retention.api.StudyShreddedEvent;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A study as the archive keeps it: which SOP instances it holds and the digest of each one's original
 * bytes, the region it lives in, its legal holds, and whether it was deleted. Its rules:
 * <ul>
 *   <li>a SOP Instance UID names exactly one byte sequence (PS3.3 C.12.1.1.1), so a re-send with the same bytes
 *   is harmless and a re-send with other bytes is a conflict that is refused and recorded, never overwritten;</li>
 *   <li>a study lives in the region of its first instance; an instance arriving through another region's
 *   endpoint is refused, so no path copies a study across regions;</li>
 *   <li>a study under a legal hold, or within its retention period, is not deleted; a deleted study stays
 *   deleted and takes no new instances.</li>
 * </ul>
 */
public class Study {

    @AggregateIdentifier
    private String studyId;
    private TenantId tenant;
    private RegionId region;
    private StudyInstanceUid study;
    private final Map<String, Instance> bySop = new LinkedHashMap<>();
    private final Set<HoldId> holds = new LinkedHashSet<>();
    private boolean deleted;
    private boolean shredded;

    private record Instance(String sha256, String datasetSha256, long sizeBytes, String blobRef) {

        /** The same object: the same bytes, or the same data set under another File Meta Information. */
        boolean sameObject(RecordInstanceCommand command) {
            return sha256.equals(command.sha256())
                    || (datasetSha256 != null && datasetSha256.equals(command.datasetSha256()));
        }
    }

    /** For Axon: studies are created by their first recorded instance. */
    public Study() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public RecordingResult handle(RecordInstanceCommand command) {
        if (deleted) {
            return refuse(command, RejectionReason.STUDY_DELETED, RecordingResult.DELETED);
        }
        if (region != null && !region.equals(command.region())) {
            return refuse(command, RejectionReason.STUDY_IN_OTHER_REGION, RecordingResult.OTHER_REGION);
        }
        Instance known = bySop.get(command.sop().value());
        if (known == null) {
            apply(new InstanceStoredEvent(command.studyId(), command.tenant(), command.region(), command.study(),
                    command.series(), command.sop(), command.sopClass(), command.transferSyntax(),
                    command.sizeBytes(), command.sha256(), command.blobRef(), command.attributes(),
                    command.source(), command.datasetSha256()));
            return RecordingResult.STORED;
        }
        if (known.sameObject(command)) {
            apply(new InstanceReceivedAgainEvent(command.studyId(), command.tenant(), command.sop(),
                    command.sha256(), command.source()));
            return RecordingResult.ALREADY_STORED;
        }
        return refuse(command, RejectionReason.CONFLICTING_DUPLICATE, RecordingResult.CONFLICT);
    }

    private RecordingResult refuse(RecordInstanceCommand command, RejectionReason reason, RecordingResult result) {
        apply(new InstanceIngestRejectedEvent(command.studyId(), command.tenant(), command.region(),
                command.study().value(), command.sop().value(), command.sopClass().value(), command.sizeBytes(),
                command.sha256(), reason, command.source()));
        return result;
    }

    @CommandHandler
    public HoldResult handle(PlaceStudyLegalHoldCommand command) {
        if (deleted) {
            return HoldResult.STUDY_DELETED;
        }
        if (holds.contains(command.hold())) {
            return HoldResult.ALREADY_PLACED;
        }
        apply(new StudyLegalHoldPlacedEvent(studyId, tenant, region, study, command.hold(), command.actor()));
        return HoldResult.PLACED;
    }

    @CommandHandler
    public HoldResult handle(ReleaseStudyLegalHoldCommand command) {
        if (!holds.contains(command.hold())) {
            return deleted ? HoldResult.STUDY_DELETED : HoldResult.NOT_PLACED;
        }
        apply(new StudyLegalHoldReleasedEvent(studyId, tenant, region, study, command.hold(), command.actor()));
        return HoldResult.RELEASED;
    }

    @CommandHandler
    public DeletionDecision handle(DeleteStudyCommand command) {
        if (deleted) {
            return new DeletionDecision(DeletionDecision.Outcome.ALREADY_DELETED, null, command.retainUntil(),
                    List.of(), 0, 0);
        }
        DeletionDecision refusal = refusal(command);
        if (refusal != null) {
            apply(new StudyDeletionRefusedEvent(studyId, tenant, region, study, refusal.refusal(),
                    refusal.retainUntil(), refusal.holds(), command.reason(), command.actor()));
            return refusal;
        }
        List<String> blobRefs = new ArrayList<>(bySop.size());
        long bytes = 0;
        for (Instance instance : bySop.values()) {
            blobRefs.add(instance.blobRef());
            bytes += instance.sizeBytes();
        }
        int instances = bySop.size(); // read before apply: the deletion's handler empties the state at once
        apply(new StudyDeletedEvent(studyId, tenant, region, study, command.reason(), command.retainUntil(),
                instances, bytes, blobRefs, command.patientRef(), command.actor()));
        return new DeletionDecision(DeletionDecision.Outcome.DELETED, null, command.retainUntil(), List.of(),
                instances, bytes);
    }

    /** Holds first: a hold must be named even when the retention period would refuse too. */
    private DeletionDecision refusal(DeleteStudyCommand command) {
        if (!holds.isEmpty()) {
            return DeletionDecision.refused(DeletionRefusal.STUDY_LEGAL_HOLD, null, List.copyOf(holds));
        }
        if (!command.patientHolds().isEmpty()) {
            return DeletionDecision.refused(DeletionRefusal.PATIENT_LEGAL_HOLD, null, command.patientHolds());
        }
        if (command.retainUntil() != null && command.today().isBefore(command.retainUntil())) {
            return DeletionDecision.refused(DeletionRefusal.RETENTION_PERIOD, command.retainUntil(), List.of());
        }
        return null;
    }

    @CommandHandler
    public boolean handle(RecordStudyShreddedCommand command) {
        if (!deleted) {
            throw new IllegalStateException("only a deleted study is shredded");
        }
        if (shredded) {
            return false;
        }
        apply(new StudyShreddedEvent(studyId, tenant, region, study, command.dataKeyIds(), command.blobsDeleted()));
        return true;
    }

    @EventSourcingHandler
    void on(InstanceStoredEvent event) {
        studyId = event.studyId();
        tenant = event.tenant();
        region = event.region();
        study = event.study();
        bySop.put(event.sop().value(), new Instance(event.sha256(), event.datasetSha256(), event.sizeBytes(),
                event.blobRef()));
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

    @EventSourcingHandler
    void on(StudyLegalHoldPlacedEvent event) {
        holds.add(event.hold());
    }

    @EventSourcingHandler
    void on(StudyLegalHoldReleasedEvent event) {
        holds.remove(event.hold());
    }

    @EventSourcingHandler
    void on(StudyDeletedEvent event) {
        deleted = true;
        holds.clear();
        bySop.clear();
    }

    @EventSourcingHandler
    void on(StudyShreddedEvent event) {
        shredded = true;
    }
}
