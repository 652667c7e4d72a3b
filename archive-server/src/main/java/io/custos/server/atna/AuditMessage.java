package io.custos.server.atna;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One DICOM audit message (PS3.15 A.5.1, the {@code AuditMessage} element) as values; {@link AuditMessageXml}
 * writes it. Only what this archive sends is modelled.
 */
public record AuditMessage(Event event, List<ActiveParticipant> participants, AuditSource source,
                           List<ParticipantObject> objects) {
    public AuditMessage {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(source, "source");
        participants = List.copyOf(participants);
        objects = List.copyOf(objects);
        if (participants.isEmpty()) {
            throw new IllegalArgumentException("an audit message has at least one active participant");
        }
    }

    /** EventOutcomeIndicator values of the schema: 0 success, 4 minor, 8 serious, 12 major failure. */
    public enum Outcome {
        SUCCESS("0"), MINOR_FAILURE("4"), SERIOUS_FAILURE("8"), MAJOR_FAILURE("12");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** EventIdentification; {@code description} (EventOutcomeDescription) never holds data values. */
    public record Event(AuditCode id, String action, Instant at, Outcome outcome, String description,
                        List<AuditCode> types) {
        public Event {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(outcome, "outcome");
            types = List.copyOf(types);
        }
    }

    /**
     * ActiveParticipant. {@code accessPoint} is an IP address (NetworkAccessPointTypeCode 2) or, for this node,
     * a host name (1); {@code accessPointIsAddress} says which.
     */
    public record ActiveParticipant(String userId, String alternativeUserId, boolean requestor, String accessPoint,
                                    boolean accessPointIsAddress, List<AuditCode> roles) {
        public ActiveParticipant {
            Objects.requireNonNull(userId, "userId");
            roles = List.copyOf(roles);
        }
    }

    /** AuditSourceIdentification: this node; type code 4 = application server process (A.5.1.2.1). */
    public record AuditSource(String enterpriseSiteId, String sourceId, String typeCode) {
        public AuditSource {
            Objects.requireNonNull(sourceId, "sourceId");
        }
    }

    /**
     * ParticipantObjectIdentification. Exactly one of {@code name} and {@code query} is set: the schema of the
     * edition followed requires one of the two (see the schema file). {@code sopClasses} becomes the
     * ParticipantObjectDescription (SOP class and number of instances, A.5.3.6).
     */
    public record ParticipantObject(String id, String typeCode, String typeCodeRole, String dataLifeCycle,
                                    AuditCode idType, String name, byte[] query, List<Detail> details,
                                    List<SopClassCount> sopClasses) {
        public ParticipantObject {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(idType, "idType");
            if ((name == null) == (query == null)) {
                throw new IllegalArgumentException("a participant object has either a name or a query");
            }
            details = List.copyOf(details);
            sopClasses = List.copyOf(sopClasses);
        }
    }

    /** ParticipantObjectDetail: a type and a value (base64 in the XML). */
    public record Detail(String type, byte[] value) {
        public Detail {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }

    /** One SOPClass element of a study's description; the UID is optional in the schema, the count is not. */
    public record SopClassCount(String uid, int instances) {
    }
}
