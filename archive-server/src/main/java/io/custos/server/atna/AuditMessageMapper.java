package io.custos.server.atna;

import static io.custos.server.atna.DicomAuditCodes.AUDIT_LOG_USED;
import static io.custos.server.atna.DicomAuditCodes.DESTINATION;
import static io.custos.server.atna.DicomAuditCodes.INSTANCES_ACCESSED;
import static io.custos.server.atna.DicomAuditCodes.INSTANCES_TRANSFERRED;
import static io.custos.server.atna.DicomAuditCodes.LOGIN;
import static io.custos.server.atna.DicomAuditCodes.NODE_AUTHENTICATION;
import static io.custos.server.atna.DicomAuditCodes.PATIENT_NUMBER;
import static io.custos.server.atna.DicomAuditCodes.QUERY;
import static io.custos.server.atna.DicomAuditCodes.SECURITY_ALERT;
import static io.custos.server.atna.DicomAuditCodes.SECURITY_CONFIGURATION;
import static io.custos.server.atna.DicomAuditCodes.SOP_CLASS_UID;
import static io.custos.server.atna.DicomAuditCodes.SOURCE;
import static io.custos.server.atna.DicomAuditCodes.STUDY_INSTANCE_UID;
import static io.custos.server.atna.DicomAuditCodes.STUDY_ROOT_FIND;
import static io.custos.server.atna.DicomAuditCodes.URI;
import static io.custos.server.atna.DicomAuditCodes.USER_AUTHENTICATION;
import static io.custos.server.atna.DicomAuditCodes.USE_OF_RESTRICTED_FUNCTION;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.access.api.AccessDeniedEvent;
import io.custos.archive.access.api.AccessKind;
import io.custos.archive.access.api.AccessOutcome;
import io.custos.archive.access.api.AssociationRejectedEvent;
import io.custos.archive.access.api.DataAccessedEvent;
import io.custos.archive.access.api.DisclosedStudy;
import io.custos.archive.access.api.FrameAccessSummarizedEvent;
import io.custos.archive.access.api.QueryKey;
import io.custos.archive.domain.DicomUid;
import io.custos.archive.ingest.api.IngestChannel;
import io.custos.archive.ingest.api.IngestSource;
import io.custos.archive.ingest.api.RejectionReason;
import io.custos.archive.keymanagement.api.DataKeysRewrappedEvent;
import io.custos.archive.keymanagement.api.KekRotatedEvent;
import io.custos.archive.keymanagement.api.KekVersionRetiredEvent;
import io.custos.archive.keymanagement.api.KeyAdministrationRefusedEvent;
import io.custos.archive.retention.api.StudyDeletedEvent;
import io.custos.archive.retention.api.StudyDeletionRefusedEvent;
import io.custos.archive.retention.api.StudyShreddedEvent;
import io.custos.archive.study.api.InstanceIngestRejectedEvent;
import io.custos.archive.study.api.InstanceReceivedAgainEvent;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.query.audit.AuditEventHandler;
import io.custos.server.atna.AuditMessage.ActiveParticipant;
import io.custos.server.atna.AuditMessage.Event;
import io.custos.server.atna.AuditMessage.Outcome;
import io.custos.server.atna.AuditMessage.ParticipantObject;
import io.custos.server.atna.AuditMessage.SopClassCount;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps the archive's events to DICOM audit messages (PS3.15 A.5.3). Events carry no plaintext PHI and neither
 * do the messages: a patient is named by the keyed pseudonymous reference of the access trail (HMAC of
 * IssuerOfPatientID and PatientID under the tenant's key), never by the MRN or name, because PHI only ever
 * leaves the archive sealed; the repository can still correlate all messages of one patient, and an auditor of
 * the tenant can compute the reference for a given Patient ID through the audit API. Study Instance UIDs are in
 * clear, as in the audit tables. The mapping table is in docs/atna.md.
 */
public final class AuditMessageMapper {

    private final AtnaNode node;

    public AuditMessageMapper(AtnaNode node) {
        this.node = node;
    }

    /** A.5.3.6 DICOM Instances Transferred, action C: an instance stored (C-STORE or STOW-RS). */
    public AuditMessage stored(InstanceStoredEvent e, Instant at, Optional<String> patientRef) {
        List<ParticipantObject> objects = new ArrayList<>();
        objects.add(study(e.study().value(), null, List.of(new SopClassCount(e.sopClass().value(), 1))));
        patientRef.ifPresent(ref -> objects.add(patient(ref)));
        return new AuditMessage(event(INSTANCES_TRANSFERRED, "C", at, Outcome.SUCCESS, null),
                ingestParticipants(e.source()), node.source(), objects);
    }

    /** The same bytes sent again: a transfer that succeeded and created nothing new. */
    public AuditMessage receivedAgain(InstanceReceivedAgainEvent e, Instant at) {
        String studyUid = e.studyId().substring(e.studyId().lastIndexOf('/') + 1);
        return new AuditMessage(event(INSTANCES_TRANSFERRED, "C", at, Outcome.SUCCESS,
                "identical instance already stored; nothing new kept"), ingestParticipants(e.source()),
                node.source(), List.of(study(studyUid, null, List.of())));
    }

    /** A refused ingest: minor failure (the sender's object), serious when the archive failed. */
    public AuditMessage rejected(InstanceIngestRejectedEvent e, Instant at) {
        Outcome outcome = e.reason() == RejectionReason.PROCESSING_FAILURE ? Outcome.SERIOUS_FAILURE
                : Outcome.MINOR_FAILURE;
        List<ParticipantObject> objects = e.studyInstanceUid() != null && DicomUid.isValid(e.studyInstanceUid())
                ? List.of(study(e.studyInstanceUid(), null, List.of())) : List.of();
        return new AuditMessage(event(INSTANCES_TRANSFERRED, "C", at, outcome,
                e.reason().name() + ": " + e.reason().description()), ingestParticipants(e.source()),
                node.source(), objects);
    }

    /** QIDO-RS (A.5.3.11 Query), WADO-RS (A.5.3.6, action R) and the audit API (A.5.3.2 Audit Log Used). */
    public AuditMessage accessed(DataAccessedEvent e, Instant at) {
        Outcome outcome = outcome(e.outcome());
        String description = e.outcome() == AccessOutcome.SUCCESS ? null : e.outcome().name();
        if (e.kind() == AccessKind.QIDO_SEARCH) {
            // The query object: SOP class of the equivalent C-FIND, the query as recorded (hashed values).
            ParticipantObject query = new ParticipantObject(STUDY_ROOT_FIND, "2", "24", null, SOP_CLASS_UID, null,
                    query(e.query()), List.of(), List.of());
            return new AuditMessage(event(QUERY, "E", at, outcome, description),
                    List.of(user(e.actor(), List.of(SOURCE)), node.participant(null, false, List.of(DESTINATION))),
                    node.source(), List.of(query));
        }
        if (e.kind() == AccessKind.AUDIT_REPORT) {
            ParticipantObject log = new ParticipantObject("urn:custos:audit-trail:" + e.actor().tenant(), "2",
                    "13", null, URI, "Security Audit Log", null, List.of(), List.of());
            return new AuditMessage(event(AUDIT_LOG_USED, "R", at, outcome, description),
                    List.of(user(e.actor(), List.of()), node.participant(null, false, List.of())), node.source(),
                    List.of(log));
        }
        List<ParticipantObject> objects = new ArrayList<>();
        if (e.study() != null && DicomUid.isValid(e.study())) {
            objects.add(study(e.study(), null,
                    e.instances() > 0 ? List.of(new SopClassCount(null, e.instances())) : List.of()));
        }
        objects.addAll(patients(e.disclosed()));
        return retrieval(at, outcome, description, e.actor(), objects);
    }

    /** A window of frame requests of one study, closed: one retrieval message with its counts. */
    public AuditMessage framesRead(FrameAccessSummarizedEvent e, Instant at) {
        Outcome outcome = e.failedRequests() == 0 ? Outcome.SUCCESS
                : e.failedRequests() == e.requests() ? Outcome.SERIOUS_FAILURE : Outcome.MINOR_FAILURE;
        List<ParticipantObject> objects = new ArrayList<>();
        objects.add(study(e.study().studyUid(), null, List.of()));
        objects.addAll(patients(List.of(e.study())));
        return retrieval(at, outcome, "frames=" + e.frames() + " requests=" + e.requests() + " failed="
                + e.failedRequests(), e.actor(), objects);
    }

    /** 401 → A.5.3.13 User Authentication (Login) failed; 403 → A.5.3.12 Security Alert, restricted function. */
    public AuditMessage denied(AccessDeniedEvent e, Instant at) {
        ActiveParticipant user = new ActiveParticipant(e.subject() != null ? e.subject() : "unknown", null, true,
                e.sourceAddress(), true, List.of());
        String description = e.reason() + " " + e.method() + " " + e.httpStatus();
        if (e.httpStatus() == 401) {
            return new AuditMessage(event(USER_AUTHENTICATION, "E", at, Outcome.MINOR_FAILURE, description,
                    List.of(LOGIN)), List.of(user, node.participant(null, false, List.of())), node.source(),
                    List.of());
        }
        List<ParticipantObject> subject = e.path() == null ? List.of() : List.of(new ParticipantObject(e.path(),
                "2", null, null, URI, e.path(), null, List.of(), List.of()));
        return new AuditMessage(event(SECURITY_ALERT, "E", at, Outcome.MINOR_FAILURE, description,
                List.of(USE_OF_RESTRICTED_FUNCTION)), List.of(user, node.participant(null, false, List.of())),
                node.source(), subject);
    }

    /** A refused association: the peer failed node authentication (A.5.3.12, 110126). */
    public AuditMessage associationRejected(AssociationRejectedEvent e, Instant at) {
        String caller = e.callingAe() != null && !e.callingAe().isBlank() ? e.callingAe().strip() : "unknown";
        ActiveParticipant peer = new ActiveParticipant(caller, "AETITLES=" + caller, true, e.sourceAddress(), true,
                List.of());
        return new AuditMessage(event(SECURITY_ALERT, "E", at, Outcome.MINOR_FAILURE, e.reason(),
                List.of(NODE_AUTHENTICATION)), List.of(peer, node.participant(blankToNull(e.calledAe()), false,
                List.of())), node.source(), List.of());
    }

    /** A.5.3.5 DICOM Instances Accessed, action D: the decision to delete a study. */
    public AuditMessage deleted(StudyDeletedEvent e, Instant at) {
        List<ParticipantObject> objects = new ArrayList<>();
        objects.add(study(e.study().value(), "14",
                e.instances() > 0 ? List.of(new SopClassCount(null, e.instances())) : List.of()));
        if (e.patientRef() != null) {
            objects.add(patient(e.patientRef()));
        }
        return new AuditMessage(event(INSTANCES_ACCESSED, "D", at, Outcome.SUCCESS, "reason=" + e.reason()),
                List.of(user(e.actor(), List.of()), node.participant(null, false, List.of())), node.source(),
                objects);
    }

    public AuditMessage deletionRefused(StudyDeletionRefusedEvent e, Instant at) {
        return new AuditMessage(event(INSTANCES_ACCESSED, "D", at, Outcome.MINOR_FAILURE,
                "refused: " + e.refusal()), List.of(user(e.actor(), List.of()),
                node.participant(null, false, List.of())), node.source(),
                List.of(study(e.study().value(), null, List.of())));
    }

    /** The study's data key destroyed and its blobs removed: permanent erasure (life cycle 15), by the archive. */
    public AuditMessage shredded(StudyShreddedEvent e, Instant at) {
        return new AuditMessage(event(INSTANCES_ACCESSED, "D", at, Outcome.SUCCESS,
                "crypto-shredded: data key destroyed, blobs deleted=" + e.blobsDeleted()),
                List.of(node.participant(null, true, List.of())), node.source(),
                List.of(study(e.study().value(), "15", List.of())));
    }

    public AuditMessage kekRotated(KekRotatedEvent e, Instant at) {
        return keyAdministration(e.kekId(), e.actor(), at, Outcome.SUCCESS,
                "KEK rotated: version " + e.previousVersion() + " -> " + e.newVersion(),
                SECURITY_CONFIGURATION);
    }

    public AuditMessage kekRetired(KekVersionRetiredEvent e, Instant at) {
        return keyAdministration(e.kekId(), e.actor(), at, Outcome.SUCCESS,
                "KEK versions retired through " + e.retiredThroughVersion(), SECURITY_CONFIGURATION);
    }

    public AuditMessage dataKeysRewrapped(DataKeysRewrappedEvent e, Instant at) {
        Outcome outcome = e.failed() == 0 ? Outcome.SUCCESS : Outcome.MINOR_FAILURE;
        return keyAdministration(e.kekId(), e.actor(), at, outcome, "data keys rewrapped to version "
                + e.targetVersion() + ": " + e.rewrapped() + " rewrapped, " + e.failed() + " failed",
                SECURITY_CONFIGURATION);
    }

    public AuditMessage keyAdministrationRefused(KeyAdministrationRefusedEvent e, Instant at) {
        String kek = "urn:custos:kek:" + e.tenant() + ":" + e.region();
        return keyAdministration(kek, e.actor(), at, Outcome.MINOR_FAILURE,
                "refused " + e.operation() + ": " + e.reason(), USE_OF_RESTRICTED_FUNCTION);
    }

    private AuditMessage keyAdministration(String kekId, AccessActor actor, Instant at, Outcome outcome,
                                           String description, AuditCode type) {
        ParticipantObject kek = new ParticipantObject(kekId, "2", "13", null, URI, kekId, null, List.of(), List.of());
        return new AuditMessage(event(SECURITY_ALERT, "E", at, outcome, description, List.of(type)),
                List.of(user(actor, List.of()), node.participant(null, false, List.of())), node.source(),
                List.of(kek));
    }

    /** A.5.3.6 with action R: the archive is the source, the requesting user the destination. */
    private AuditMessage retrieval(Instant at, Outcome outcome, String description, AccessActor actor,
                                   List<ParticipantObject> objects) {
        return new AuditMessage(event(INSTANCES_TRANSFERRED, "R", at, outcome, description),
                List.of(node.participant(null, false, List.of(SOURCE)), user(actor, List.of(DESTINATION))),
                node.source(), objects);
    }

    /** The sender is the requestor and the source (110153); the archive the destination (110152). */
    private List<ActiveParticipant> ingestParticipants(IngestSource source) {
        boolean dimse = source.channel() == IngestChannel.DIMSE;
        ActiveParticipant sender = new ActiveParticipant(source.actor(), dimse ? "AETITLES=" + source.actor() : null,
                true, source.sourceAddress(), true, List.of(SOURCE));
        return List.of(sender, node.participant(dimse ? blankToNull(source.calledAe()) : null, false,
                List.of(DESTINATION)));
    }

    /**
     * The acting user. An event the mapping cannot read would stop the export (the processor retries it), so a
     * missing actor becomes "unknown" instead of a failure.
     */
    private static ActiveParticipant user(AccessActor actor, List<AuditCode> roles) {
        return actor == null ? new ActiveParticipant("unknown", null, true, null, true, roles)
                : new ActiveParticipant(actor.subject(), null, true, actor.clientAddress(), true, roles);
    }

    /**
     * A study (type 2 system object, role 3 report, A.5.3.6). ParticipantObjectName repeats the UID: the schema
     * followed requires a name or a query, and the study's descriptive names are PHI, sealed in the events.
     */
    private static ParticipantObject study(String uid, String lifeCycle, List<SopClassCount> sopClasses) {
        return new ParticipantObject(uid, "2", "3", lifeCycle, STUDY_INSTANCE_UID, uid, null, List.of(), sopClasses);
    }

    /**
     * A patient (type 1 person, role 1 patient, ID type RFC-3881 "Patient Number") named by the pseudonymous
     * reference; the name repeats it, since the patient's name is PHI.
     */
    private static ParticipantObject patient(String patientRef) {
        return new ParticipantObject(patientRef, "1", "1", null, PATIENT_NUMBER, patientRef, null, List.of(),
                List.of());
    }

    private static List<ParticipantObject> patients(List<DisclosedStudy> disclosed) {
        Set<String> refs = disclosed.stream().map(DisclosedStudy::patientRef).filter(Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return refs.stream().map(AuditMessageMapper::patient).toList();
    }

    private static Event event(AuditCode id, String action, Instant at, Outcome outcome, String description) {
        return event(id, action, at, outcome, description, List.of());
    }

    private static Event event(AuditCode id, String action, Instant at, Outcome outcome, String description,
                               List<AuditCode> types) {
        return new Event(id, action, at, outcome, description, types);
    }

    private static Outcome outcome(AccessOutcome outcome) {
        return switch (outcome) {
            case SUCCESS, NO_MATCH -> Outcome.SUCCESS;
            case NOT_FOUND, NOT_ACCEPTABLE, BAD_REQUEST -> Outcome.MINOR_FAILURE;
            case FAILED -> Outcome.SERIOUS_FAILURE;
        };
    }

    /** The search exactly as the access trail records it (hashed attribute values, no PHI). */
    private static byte[] query(List<QueryKey> keys) {
        String described = AuditEventHandler.describe(keys);
        return (described == null ? "" : described).getBytes(StandardCharsets.UTF_8);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
