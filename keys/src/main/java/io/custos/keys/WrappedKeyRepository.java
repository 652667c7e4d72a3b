package io.custos.keys;

import java.util.Optional;

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
     * Destroys the study's wrapped key: its bytes are overwritten and the row deleted in one transaction.
     * Returns the id of the key destroyed, empty if the study had none (already shredded, or never had one).
     */
    Optional<String> deleteByStudy(KeyScope scope, String studyRef);
}
