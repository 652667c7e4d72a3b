package io.custos.archive.retrieve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.archive.study.api.StudyId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The instances of a study as recorded in its events (the system of record, so retrieval never depends on
 * projection lag), with a bounded cache in front: a viewer opening a 500-instance series asks for the same
 * study many times. The cache is only a shortcut: each lookup asks the event store for the study's latest
 * sequence number (one indexed query) and reads just the events appended since the cached copy, so a
 * stored instance is retrievable at once. A study is append-only; its one event that takes instances away, deletion, empties the entry.
 */
public final class StudyCatalog {

    private record Entry(long lastSequence, List<InstanceStoredEvent> instances) {
    }

    private final StoredInstances stored;
    private final Cache<StudyId, Entry> cache;

    public StudyCatalog(StoredInstances stored, long maxStudies) {
        this.stored = stored;
        this.cache = Caffeine.newBuilder().maximumSize(maxStudies).build();
    }

    /** Instances of the tenant's study in the order they were stored; empty if the tenant has no such study. */
    public List<InstanceStoredEvent> instances(TenantId tenant, StudyInstanceUid study) {
        Optional<Long> last = stored.lastSequence(tenant, study);
        if (last.isEmpty()) {
            return List.of();
        }
        StudyId id = StudyId.of(tenant, study);
        Entry cached = cache.getIfPresent(id);
        if (cached != null && cached.lastSequence() == last.get()) {
            return cached.instances();
        }
        List<InstanceStoredEvent> instances = new ArrayList<>();
        long from = 0;
        if (cached != null && cached.lastSequence() < last.get()) {
            instances.addAll(cached.instances());
            from = cached.lastSequence() + 1;
        }
        StoredInstances.Appended appended = stored.read(tenant, study, from);
        if (appended.deleted()) {
            instances.clear();
        }
        instances.addAll(appended.instances());
        Entry fresh = new Entry(last.get(), List.copyOf(instances));
        cache.asMap().merge(id, fresh, (old, neu) -> old.lastSequence() >= neu.lastSequence() ? old : neu);
        return fresh.instances();
    }
}
