package io.custos.archive.ingest.application;

import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.retention.api.StudyDeletedEvent;
import io.custos.archive.storage.BlobRef;
import io.custos.archive.storage.BlobStore;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.archive.study.api.StudyId;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Removes blobs that no event references: what a crash between "blob synced" and "event committed" leaves
 * behind, or a write whose commit failed. The event store is the judge — a blob is kept if and only if an
 * {@link InstanceStoredEvent} of its study names it. Blobs younger than the grace period are left alone,
 * because their ingest may still be in flight.
 */
public final class OrphanBlobSweeper {

    private static final Logger log = LoggerFactory.getLogger(OrphanBlobSweeper.class);

    private final BlobStore store;
    private final EventStore events;
    private final Function<String, Optional<String>> studyUidByDataKeyId;
    private final Clock clock;
    private final Duration grace;

    public OrphanBlobSweeper(BlobStore store, EventStore events,
                             Function<String, Optional<String>> studyUidByDataKeyId, Clock clock, Duration grace) {
        this.store = store;
        this.events = events;
        this.studyUidByDataKeyId = studyUidByDataKeyId;
        this.clock = clock;
        this.grace = grace;
    }

    /** Deletes orphans older than the grace period; returns how many were removed. */
    public int sweep() throws IOException {
        Instant cutoff = clock.instant().minus(grace);
        List<BlobStore.StoredBlob> candidates;
        try (Stream<BlobStore.StoredBlob> all = store.list()) {
            candidates = all.filter(b -> b.writtenAt().isBefore(cutoff)).toList();
        }
        int removed = 0;
        for (BlobStore.StoredBlob blob : candidates) {
            if (!isReferenced(blob.ref())) {
                store.delete(blob.ref());
                removed++;
            }
        }
        if (removed > 0) {
            log.warn("Removed {} orphan blob(s) left by interrupted or failed ingests", removed);
        }
        return removed;
    }

    private boolean isReferenced(String refValue) {
        BlobRef ref;
        try {
            ref = BlobRef.parse(refValue);
        } catch (IllegalArgumentException foreign) {
            return true; // not ours to judge: never delete what we cannot name
        }
        Optional<String> studyUid = studyUidByDataKeyId.apply(ref.dataKeyId());
        if (studyUid.isEmpty()) {
            return false;
        }
        String aggregateId = StudyId.of(ref.tenant(), new StudyInstanceUid(studyUid.get())).value();
        return referencedBlobs(aggregateId).contains(refValue);
    }

    private Set<String> referencedBlobs(String aggregateId) {
        Set<String> refs = new HashSet<>();
        DomainEventStream stream = events.readEvents(aggregateId);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof InstanceStoredEvent stored) {
                refs.add(stored.blobRef());
            } else if (message.getPayload() instanceof StudyDeletedEvent) {
                refs.clear(); // a deleted study owns no blobs
            }
        }
        return refs;
    }
}
