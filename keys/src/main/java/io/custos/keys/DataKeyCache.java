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
 *
 * <p>Beyond the size bound the oldest keys (by the time they entered) go first, i.e. those that would expire
 * first anyway. Why not Caffeine's own size bound: its frequency-based admission (W-TinyLFU) rarely admits a key
 * that is written once and read once soon after, which is how ingest uses this cache (the C-STORE creates the
 * study's key, the study-index processor opens the event's sealed attributes with it milliseconds later). Under
 * that bound, with the cache full, 150 of 152 sampled reads by the processor missed and cost a PostgreSQL read and
 * an unwrap each (bench/README.md, "Profiling ingest").
 */
final class DataKeyCache {

    private final long maxSize;
    private final Cache<String, DataKey> byId;
    private final Cache<StudyIndex, String> idByStudy;

    DataKeyCache(DataKeyCacheSettings settings) {
        this(settings, Ticker.systemTicker(), Scheduler.systemScheduler());
    }

    /** With the ticker and scheduler given, for tests that move time themselves. */
    DataKeyCache(DataKeyCacheSettings settings, Ticker ticker, Scheduler scheduler) {
        this.maxSize = settings.maxSize();
        this.byId = Caffeine.newBuilder()
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
        evictOldestBeyondBound(byId);
        evictOldestBeyondBound(idByStudy);
    }

    /** Removes (destroying, for keys) the entries that entered first, until the cache is within its size bound. */
    private <K> void evictOldestBeyondBound(Cache<K, ?> cache) {
        long excess = cache.estimatedSize() - maxSize;
        if (excess > 0) {
            cache.policy().expireAfterWrite().orElseThrow().oldest((int) excess).keySet().forEach(cache::invalidate);
        }
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
