package io.custos.archive.retrieve;

import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.storage.BlobRef;
import io.custos.archive.retention.api.StudyDeletedEvent;
import io.custos.archive.storage.EncryptedBlobs;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.archive.study.api.StudyId;
import io.custos.keys.StudyKeys;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored instances of a study, read from the system of record (the study's events) rather than from a
 * projection, and their original bytes decrypted from the blob store. Retrieval services and the
 * durability checks of the test suite both build on it.
 */
public final class StoredInstances {

    private final EventStore events;
    private final StudyKeys keys;
    private final EncryptedBlobs blobs;

    public StoredInstances(EventStore events, StudyKeys keys, EncryptedBlobs blobs) {
        this.events = events;
        this.keys = keys;
        this.blobs = blobs;
    }

    /** The study's instances; empty for a study the tenant does not have or that was deleted. */
    public List<InstanceStoredEvent> ofStudy(TenantId tenant, StudyInstanceUid study) {
        return read(tenant, study, 0).instances();
    }

    /** What the study's events from sequence number {@code firstSequence} on add, or that it was deleted. */
    record Appended(List<InstanceStoredEvent> instances, boolean deleted) {
    }

    Appended read(TenantId tenant, StudyInstanceUid study, long firstSequence) {
        List<InstanceStoredEvent> stored = new ArrayList<>();
        DomainEventStream stream = events.readEvents(StudyId.of(tenant, study).value(), firstSequence);
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof InstanceStoredEvent event) {
                stored.add(event);
            } else if (payload instanceof StudyDeletedEvent) {
                // Deletion is final: the study's earlier instances are gone for every reader.
                return new Appended(List.of(), true);
            }
        }
        return new Appended(stored, false);
    }

    /** The sequence number of the study's latest event; empty for a study this tenant does not have. */
    Optional<Long> lastSequence(TenantId tenant, StudyInstanceUid study) {
        return events.lastSequenceNumberFor(StudyId.of(tenant, study).value());
    }

    public Optional<InstanceStoredEvent> find(TenantId tenant, StudyInstanceUid study, SopInstanceUid sop) {
        return ofStudy(tenant, study).stream().filter(e -> e.sop().equals(sop)).findFirst();
    }

    /**
     * Random access to the original bytes: positions are plaintext offsets and a read decrypts (and
     * authenticates) only the blob segments it touches.
     */
    public SeekableByteChannel open(InstanceStoredEvent stored) throws IOException {
        BlobRef ref = BlobRef.parse(stored.blobRef());
        return blobs.open(ref, keys.byId(ref.dataKeyId()));
    }

    /** The original bytes as a stream, decrypted segment by segment; fails at the first altered segment. */
    public InputStream openStream(InstanceStoredEvent stored) throws IOException {
        BlobRef ref = BlobRef.parse(stored.blobRef());
        return blobs.openStream(ref, keys.byId(ref.dataKeyId()));
    }

    /** The original bytes exactly as received; fails closed if the blob was altered. */
    public byte[] originalBytes(InstanceStoredEvent stored) throws IOException {
        BlobRef ref = BlobRef.parse(stored.blobRef());
        return blobs.readAll(ref, keys.byId(ref.dataKeyId()));
    }
}
