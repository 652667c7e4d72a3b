package io.custos.archive.retention.application;

import com.pixelmed.dicom.TagFromName;
import io.custos.archive.access.api.AccessActor;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.ingest.api.IndexedAttribute;
import io.custos.archive.ingest.dicom.IndexedTags;
import io.custos.archive.retention.api.CheckPatientHoldsCommand;
import io.custos.archive.retention.api.DeleteStudyCommand;
import io.custos.archive.retention.api.DeletionDecision;
import io.custos.archive.retention.api.DeletionReason;
import io.custos.archive.retention.api.HoldId;
import io.custos.archive.retention.api.PatientHoldsId;
import io.custos.archive.retention.api.StudyDeletedEvent;
import io.custos.archive.study.api.AttributeOpener;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.archive.study.api.StudyId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A deletion request, decided and carried out. What the study cannot know by itself is worked out here from the
 * system of record: the retention basis (Study Date, or the day of the first ingest when the study has none), its
 * modalities (opened from the sealed attributes with the study's key, which still exists at this point), and the
 * patient's holds (checked through the patient's stream). The study then decides, and records the refusal or
 * the deletion; a deletion is shredded at once.
 */
public final class StudyDeletion {

    private static final int STUDY_DATE = IndexedTags.toInt(TagFromName.StudyDate);
    private static final int MODALITY = IndexedTags.toInt(TagFromName.Modality);
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    /** What came of a request. */
    public sealed interface Outcome {
        record Deleted(int instances, long bytes) implements Outcome { }
        record AlreadyDeleted() implements Outcome { }
        record Refused(DeletionDecision decision) implements Outcome { }
        record NotFound() implements Outcome { }
    }

    private final EventStore events;
    private final AttributeOpener opener;
    private final PatientRefResolver patients;
    private final RetentionPolicies policies;
    private final CommandGateway commands;
    private final StudyShredder shredder;
    private final Clock clock;

    public StudyDeletion(EventStore events, AttributeOpener opener, PatientRefResolver patients,
                         RetentionPolicies policies, CommandGateway commands, StudyShredder shredder, Clock clock) {
        this.events = events;
        this.opener = opener;
        this.patients = patients;
        this.policies = policies;
        this.commands = commands;
        this.shredder = shredder;
        this.clock = clock;
    }

    public Outcome delete(TenantId tenant, StudyInstanceUid study, DeletionReason reason, AccessActor actor) {
        String studyId = StudyId.of(tenant, study).value();
        StudyFacts facts = read(studyId);
        if (facts.deleted()) {
            return new Outcome.AlreadyDeleted();
        }
        if (facts.instances().isEmpty()) {
            return new Outcome.NotFound();
        }
        InstanceStoredEvent first = facts.instances().get(0);
        Set<String> modalities = new LinkedHashSet<>();
        LocalDate studyDate = null;
        Optional<String> patientRef = Optional.empty();
        for (InstanceStoredEvent instance : facts.instances()) {
            List<IndexedAttribute> attributes = opener.open(instance.studyId(), instance.attributes());
            modalities.addAll(values(attributes, MODALITY));
            if (studyDate == null) {
                studyDate = date(values(attributes, STUDY_DATE));
            }
            if (patientRef.isEmpty()) {
                patientRef = patients.patientRef(tenant, attributes);
            }
        }
        LocalDate basis = studyDate != null ? studyDate : facts.firstIngestDay();
        LocalDate retainUntil = policies.of(tenant).retainUntil(basis, modalities);
        List<HoldId> patientHolds = patientRef.isEmpty() ? List.of()
                : commands.sendAndWait(new CheckPatientHoldsCommand(
                        new PatientHoldsId(tenant, first.region(), patientRef.get()), study));
        DeletionDecision decision = commands.sendAndWait(new DeleteStudyCommand(studyId, reason, retainUntil,
                LocalDate.now(clock.withZone(ZoneOffset.UTC)), patientHolds, patientRef.orElse(null), actor));
        return switch (decision.outcome()) {
            case REFUSED -> new Outcome.Refused(decision);
            case ALREADY_DELETED -> new Outcome.AlreadyDeleted();
            case DELETED -> {
                read(studyId).deletion().ifPresent(shredder::shred);
                yield new Outcome.Deleted(decision.instances(), decision.bytes());
            }
        };
    }

    private record StudyFacts(List<InstanceStoredEvent> instances, LocalDate firstIngestDay,
                              Optional<StudyDeletedEvent> deletion) {
        boolean deleted() {
            return deletion.isPresent();
        }
    }

    private StudyFacts read(String studyId) {
        List<InstanceStoredEvent> instances = new ArrayList<>();
        LocalDate firstDay = null;
        StudyDeletedEvent deletion = null;
        DomainEventStream stream = events.readEvents(studyId);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof InstanceStoredEvent stored) {
                instances.add(stored);
                if (firstDay == null) {
                    firstDay = LocalDate.ofInstant(message.getTimestamp(), ZoneOffset.UTC);
                }
            } else if (message.getPayload() instanceof StudyDeletedEvent deleted) {
                deletion = deleted;
            }
        }
        return new StudyFacts(instances, firstDay, Optional.ofNullable(deletion));
    }

    private static List<String> values(List<IndexedAttribute> attributes, int tag) {
        return attributes.stream().filter(a -> a.tag() == tag).flatMap(a -> a.values().stream())
                .map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** A DA value (PS3.5 6.2: YYYYMMDD); anything else is no date and the ingest day is the basis. */
    private static LocalDate date(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(values.get(0), DA);
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }
}
