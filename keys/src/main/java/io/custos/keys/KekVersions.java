package io.custos.keys;

import java.util.Objects;

/**
 * The version state of one scope's KEK: {@code current} encrypts new wraps; versions from
 * {@code minDecryptionVersion} to {@code current} decrypt; anything older is retired.
 */
public record KekVersions(String kekId, int current, int minDecryptionVersion) {

    public KekVersions {
        Objects.requireNonNull(kekId, "kekId");
        if (current < 1 || minDecryptionVersion < 1 || minDecryptionVersion > current) {
            throw new IllegalArgumentException("need 1 <= minDecryptionVersion <= current");
        }
    }

    public boolean isRetired(int version) {
        return version < minDecryptionVersion;
    }
}
