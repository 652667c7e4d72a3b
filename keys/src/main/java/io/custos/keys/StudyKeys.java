package io.custos.keys;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Get-or-create of per-study data keys. A new key is generated locally, wrapped under the scope's KEK and
 * stored through {@link WrappedKeyRepository}; if another node stored one for the same study first, that one
 * wins and ours is discarded, so every node encrypts a study under the same key.
 *
 * <p>The wrap's associated data binds key id and study reference, so a wrapped key copied to another row does
 * not unwrap. Returned keys are the caller's own copies; {@link DataKey#destroy()} them when done.
 */
public final class StudyKeys {

    public static final int DEFAULT_CACHE_SIZE = 1024;

    private final KeyEncryptionKeys keks;
    private final WrappedKeyRepository repository;
    private final Supplier<UUID> keyIds;
    private final SecureRandom random;
    private final Clock clock;
    private final DataKeyCache cache;

    public StudyKeys(KeyEncryptionKeys keks, WrappedKeyRepository repository, Supplier<UUID> keyIds,
            SecureRandom random, Clock clock, int cacheSize) {
        this.keks = Objects.requireNonNull(keks, "keks");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.keyIds = Objects.requireNonNull(keyIds, "keyIds");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cache = new DataKeyCache(cacheSize);
    }

    /** Production wiring: random UUIDs, system clock, default cache size. */
    public static StudyKeys create(KeyEncryptionKeys keks, WrappedKeyRepository repository) {
        return new StudyKeys(keks, repository, UUID::randomUUID, new SecureRandom(), Clock.systemUTC(),
                DEFAULT_CACHE_SIZE);
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
     * Crypto-shredding: destroys the study's data key, here and in the database, so that everything sealed
     * under it (blobs, PHI fields of events) can never be opened again. Returns the destroyed key's id; empty if
     * the study had no key (already shredded). Other nodes drop their cached copy when it expires.
     */
    public java.util.Optional<String> shred(KeyScope scope, String studyRef) {
        Objects.requireNonNull(scope, "scope");
        java.util.Optional<String> destroyed = repository.deleteByStudy(scope, studyRef);
        destroyed.ifPresent(cache::evict);
        DataKey cached = cache.byStudy(scope, studyRef);
        if (cached != null) {
            cache.evict(cached.id());
            cached.destroy();
        }
        return destroyed;
    }

    private DataKey createOrGet(KeyScope scope, String studyRef) {
        String keyId = keyIds.get().toString();
        byte[] material = new byte[DataKey.LENGTH_BYTES];
        random.nextBytes(material);
        try {
            WrappedKey wrapped = keks.wrap(scope, material, wrapAad(keyId, studyRef));
            StoredDataKey winner = repository.insertIfAbsent(
                    new StoredDataKey(keyId, scope, studyRef, wrapped, clock.instant()));
            if (!winner.scope().equals(scope) || !winner.studyRef().equals(studyRef)) {
                throw new KeyServiceException("repository returned a key of another study");
            }
            if (winner.keyId().equals(keyId)) {
                // Ours was stored: the clear bytes are at hand, no need to unwrap what was just wrapped.
                return cacheAndCopy(new DataKey(keyId, scope, material), studyRef);
            }
            return remember(winner);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    private DataKey remember(StoredDataKey stored) {
        byte[] material = keks.unwrap(stored.scope(), stored.wrapped(), wrapAad(stored.keyId(), stored.studyRef()));
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

    private static byte[] wrapAad(String keyId, String studyRef) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF("custos-study-dek-v1");
            out.writeUTF(keyId);
            out.writeUTF(studyRef);
            return bytes.toByteArray();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
