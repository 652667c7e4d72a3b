package io.custos.keys;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Get-or-create of per-study data keys. A new key is generated locally, wrapped under the scope's KEK and
 * stored through {@link WrappedKeyRepository}; if another node stored one for the same study first, that one
 * wins and ours is discarded, so every node encrypts a study under the same key.
 *
 * <p>The wrap's associated data binds key id and study reference ({@link StudyKeyBinding}), so a wrapped key
 * copied to another row does not unwrap. Returned keys are the caller's own copies; {@link DataKey#destroy()}
 * them when done. Unwrapped keys are cached within {@link DataKeyCacheSettings} and zeroed when they leave.
 */
public final class StudyKeys {

    public static final int DEFAULT_CACHE_SIZE = DataKeyCacheSettings.DEFAULT.maxSize();

    private final KeyEncryptionKeys keks;
    private final WrappedKeyRepository repository;
    private final Supplier<UUID> keyIds;
    private final SecureRandom random;
    private final Clock clock;
    private final DataKeyCache cache;

    public StudyKeys(KeyEncryptionKeys keks, WrappedKeyRepository repository, Supplier<UUID> keyIds,
            SecureRandom random, Clock clock, int cacheSize) {
        this(keks, repository, keyIds, random, clock,
                new DataKeyCacheSettings(cacheSize, DataKeyCacheSettings.DEFAULT.ttl()));
    }

    public StudyKeys(KeyEncryptionKeys keks, WrappedKeyRepository repository, Supplier<UUID> keyIds,
            SecureRandom random, Clock clock, DataKeyCacheSettings cacheSettings) {
        this.keks = Objects.requireNonNull(keks, "keks");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.keyIds = Objects.requireNonNull(keyIds, "keyIds");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cache = new DataKeyCache(cacheSettings);
    }

    /** Production wiring: random UUIDs, system clock, default cache bounds. */
    public static StudyKeys create(KeyEncryptionKeys keks, WrappedKeyRepository repository) {
        return create(keks, repository, DataKeyCacheSettings.DEFAULT);
    }

    /** Production wiring: random UUIDs, system clock, the given cache bounds. */
    public static StudyKeys create(KeyEncryptionKeys keks, WrappedKeyRepository repository,
            DataKeyCacheSettings cacheSettings) {
        return new StudyKeys(keks, repository, UUID::randomUUID, new SecureRandom(), Clock.systemUTC(), cacheSettings);
    }

    /** The study's data key, created (and persisted) if it has none yet. */
    public DataKey forStudy(KeyScope scope, String studyRef) {
        Objects.requireNonNull(scope, "scope");
        if (studyRef == null || studyRef.isEmpty()) {
            throw new IllegalArgumentException("studyRef must not be empty");
        }
        DataKey cached = cache.byStudy(scope, studyRef);
        if (cached != null) {
            return cached;
        }
        // No separate lookup first: the repository's insert-if-absent returns the study's existing key too, so a
        // cache miss costs one statement whether the study is new (the common case in ingest) or not.
        return createOrGet(scope, studyRef);
    }

    /** The data key with this id, e.g. read from a blob header. */
    public DataKey byId(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        DataKey cached = cache.byId(keyId);
        if (cached != null) {
            return cached;
        }
        StoredDataKey stored = repository.findById(keyId)
                .orElseThrow(() -> new DataKeyNotFoundException(keyId));
        return remember(stored);
    }

    /**
     * Crypto-shredding: deletes the study's wrapped data key (its bytes overwritten with zeros first, in the same
     * transaction) and drops the unwrapped key from this node's cache, zeroing it. Everything encrypted under the
     * key (blobs, sealed event fields) is unreadable from then on; {@link #byId} of the key fails, and a later
     * {@link #forStudy} would create a new key. Other nodes' caches keep the key until their TTL.
     *
     * @return the id of the shredded key; empty if the study had none
     */
    public Optional<String> shred(KeyScope scope, String studyRef) {
        Objects.requireNonNull(scope, "scope");
        if (studyRef == null || studyRef.isEmpty()) {
            throw new IllegalArgumentException("studyRef must not be empty");
        }
        Optional<String> shredded = repository.shred(scope, studyRef);
        shredded.ifPresent(keyId -> cache.remove(scope, studyRef, keyId));
        return shredded;
    }

    private DataKey createOrGet(KeyScope scope, String studyRef) {
        String keyId = keyIds.get().toString();
        NewDataKey fresh = keks.newDataKey(scope, DataKey.LENGTH_BYTES, StudyKeyBinding.associatedData(keyId, studyRef),
                random);
        try {
            StoredDataKey winner = repository.insertIfAbsent(
                    new StoredDataKey(keyId, scope, studyRef, fresh.wrapped(), clock.instant()));
            if (!winner.scope().equals(scope) || !winner.studyRef().equals(studyRef)) {
                throw new KeyServiceException("repository returned a key of another study");
            }
            if (winner.keyId().equals(keyId)) {
                // Ours was stored: the clear bytes are at hand, no need to unwrap what was just wrapped.
                return cacheAndCopy(new DataKey(keyId, scope, fresh.plaintext()), studyRef);
            }
            return remember(winner);
        } finally {
            fresh.destroy();
        }
    }

    private DataKey remember(StoredDataKey stored) {
        byte[] material = keks.unwrap(stored.scope(), stored.wrapped(),
                StudyKeyBinding.associatedData(stored.keyId(), stored.studyRef()));
        try {
            return cacheAndCopy(new DataKey(stored.keyId(), stored.scope(), material), stored.studyRef());
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /** The cache takes {@code key}; the caller gets its own copy. */
    private DataKey cacheAndCopy(DataKey key, String studyRef) {
        DataKey copy = key.copy();
        cache.put(key, studyRef);
        return copy;
    }
}
