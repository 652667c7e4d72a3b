package io.custos.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Unwrapped data keys, bounded in size and age (Caffeine). Every key leaving the cache (evicted for size,
 * expired, replaced or removed) is destroyed, so clear material does not linger; callers only ever receive
 * copies, so leaving the cache never destroys a key that is in use. Expired keys are zeroed by Caffeine's
 * scheduler soon after their TTL, not only at the next access.
 */
final class DataKeyCache {

    private final Cache<String, DataKey> byId;
    private final Cache<StudyIndex, String> idByStudy;

    DataKeyCache(DataKeyCacheSettings settings) {
        this(settings, Ticker.systemTicker(), Scheduler.systemScheduler());
    }

    /** With the ticker and scheduler given, for tests that move time themselves. */
    DataKeyCache(DataKeyCacheSettings settings, Ticker ticker, Scheduler scheduler) {
        this.byId = Caffeine.newBuilder()
                .maximumSize(settings.maxSize())
                .expireAfterWrite(settings.ttl())
                .ticker(ticker)
                .scheduler(scheduler)
                // Maintenance (and with it destruction) on the calling or scheduler thread, never deferred to a pool.
                .executor(Runnable::run)
                .removalListener((String id, DataKey key, RemovalCause cause) -> {
                    if (key != null) {
                        key.destroy();
                    }
                })
                .build();
        this.idByStudy = Caffeine.newBuilder()
                .maximumSize(settings.maxSize())
                .expireAfterWrite(settings.ttl())
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** A caller-owned copy, or null. */
    DataKey byStudy(KeyScope scope, String studyRef) {
        String id = idByStudy.getIfPresent(new StudyIndex(scope, studyRef));
        return id == null ? null : byId(id);
    }

    /** A caller-owned copy, or null (also when the key is leaving the cache at this moment). */
    DataKey byId(String keyId) {
        DataKey cached = byId.getIfPresent(keyId);
        if (cached == null) {
            return null;
        }
        try {
            return cached.copy();
        } catch (KeyServiceException destroyedMeanwhile) {
            return null;
        }
    }

    /** Takes ownership of {@code key}; a previous instance under the same id is destroyed by the listener. */
    void put(DataKey key, String studyRef) {
        byId.put(key.id(), key);
        idByStudy.put(new StudyIndex(key.scope(), studyRef), key.id());
    }

    /** Removes (and destroys) the key, e.g. when it is shredded. */
    void remove(KeyScope scope, String studyRef, String keyId) {
        idByStudy.invalidate(new StudyIndex(scope, studyRef));
        byId.invalidate(keyId);
    }

    long size() {
        byId.cleanUp();
        return byId.estimatedSize();
    }

    /** Runs pending expiry and eviction now. */
    void cleanUp() {
        byId.cleanUp();
        idByStudy.cleanUp();
    }

    void clear() {
        byId.invalidateAll();
        idByStudy.invalidateAll();
    }

    private record StudyIndex(KeyScope scope, String studyRef) {
        @Override
        public String toString() {
            return "StudyIndex[" + scope.label() + "]";
        }
    }
}
