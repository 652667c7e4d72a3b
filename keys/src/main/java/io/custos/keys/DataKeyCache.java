package io.custos.keys;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounded LRU of unwrapped data keys. Evicted keys are destroyed, so clear material does not linger; callers
 * only ever receive copies, so eviction never destroys a key that is in use.
 */
final class DataKeyCache {

    private final int capacity;
    private final LinkedHashMap<String, DataKey> byId;
    private final LinkedHashMap<StudyIndex, String> idByStudy;

    DataKeyCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.byId = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DataKey> eldest) {
                if (size() > DataKeyCache.this.capacity) {
                    eldest.getValue().destroy();
                    return true;
                }
                return false;
            }
        };
        this.idByStudy = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<StudyIndex, String> eldest) {
                return size() > DataKeyCache.this.capacity;
            }
        };
    }

    /** A caller-owned copy, or null. */
    synchronized DataKey byStudy(KeyScope scope, String studyRef) {
        String id = idByStudy.get(new StudyIndex(scope, studyRef));
        return id == null ? null : byId(id);
    }

    /** A caller-owned copy, or null. */
    synchronized DataKey byId(String keyId) {
        DataKey cached = byId.get(keyId);
        return cached == null ? null : cached.copy();
    }

    /** Takes ownership of {@code key}. */
    synchronized void put(DataKey key, String studyRef) {
        DataKey previous = byId.put(key.id(), key);
        if (previous != null && previous != key) {
            previous.destroy();
        }
        idByStudy.put(new StudyIndex(key.scope(), studyRef), key.id());
    }

    /** Drops and destroys the key with this id, if cached, and every study entry that points to it. */
    synchronized void evict(String keyId) {
        DataKey removed = byId.remove(keyId);
        if (removed != null) {
            removed.destroy();
        }
        idByStudy.values().removeIf(keyId::equals);
    }

    synchronized int size() {
        return byId.size();
    }

    synchronized void clear() {
        byId.values().forEach(DataKey::destroy);
        byId.clear();
        idByStudy.clear();
    }

    private record StudyIndex(KeyScope scope, String studyRef) {
        @Override
        public String toString() {
            return "StudyIndex[" + scope.label() + "]";
        }
    }
}
