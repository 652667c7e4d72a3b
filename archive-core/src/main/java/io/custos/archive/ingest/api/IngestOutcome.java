package io.custos.archive.ingest.api;

/**
 * What happened to one object. Only {@link Stored} and {@link AlreadyStored} are successes; both are
 * answered only after the blob and its event are durable.
 */
public sealed interface IngestOutcome {

    String sopInstanceUid();

    String sopClassUid();

    /** Newly stored. */
    record Stored(String sopClassUid, String sopInstanceUid, String studyInstanceUid) implements IngestOutcome {
    }

    /** Same SOP Instance UID with identical bytes was already stored: success, nothing new kept. */
    record AlreadyStored(String sopClassUid, String sopInstanceUid, String studyInstanceUid) implements IngestOutcome {
    }

    /** Refused; nothing kept. UIDs are null when the object could not be read far enough to know them. */
    record Rejected(String sopClassUid, String sopInstanceUid, RejectionReason reason) implements IngestOutcome {
    }
}
