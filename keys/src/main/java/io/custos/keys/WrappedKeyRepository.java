package io.custos.keys;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/** Port for persisted study data keys. At most one key exists per (scope, studyRef), across all nodes. */
public interface WrappedKeyRepository {

    /**
     * Stores {@code candidate} unless the study already has a key, and returns the key the study has afterwards:
     * either the candidate or the one another writer stored first.
     */
    StoredDataKey insertIfAbsent(StoredDataKey candidate);

    Optional<StoredDataKey> findByStudy(KeyScope scope, String studyRef);

    Optional<StoredDataKey> findById(String keyId);

    /**
     * Deletes the study's key, overwriting its wrapped bytes with zeros first in the same transaction.
     *
     * @return the deleted key's id; empty if the study had no key
     */
    Optional<String> shred(KeyScope scope, String studyRef);

    /**
     * One page of the scope's keys wrapped under a KEK version below {@code version}, in key id order, starting
     * after {@code afterKeyId} (null: from the start).
     */
    List<StoredDataKey> findWrappedBelow(KeyScope scope, int version, String afterKeyId, int limit);

    /**
     * Compare-and-set, in one transaction: replaces each key's wrapped form only if it is still wrapped under the
     * expected version, so two nodes rewrapping at once cannot overwrite each other's (or a shredding's) result.
     *
     * @return how many rows were replaced
     */
    int replaceWrapped(List<WrappedKeyReplacement> replacements);

    /** Number of the scope's keys per KEK version, ascending by version (versions without keys are absent). */
    SortedMap<Integer, Long> countByKekVersion(KeyScope scope);
}
