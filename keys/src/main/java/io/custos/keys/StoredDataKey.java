package io.custos.keys;

import java.time.Instant;
import java.util.Objects;

/** A study's data key as persisted: wrapped under its scope's KEK. {@code studyRef} is opaque and never printed. */
public record StoredDataKey(String keyId, KeyScope scope, String studyRef, WrappedKey wrapped, Instant createdAt) {

    public StoredDataKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(studyRef, "studyRef");
        Objects.requireNonNull(wrapped, "wrapped");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "StoredDataKey[" + keyId + ", " + scope.label() + ", " + wrapped + "]";
    }
}
