package io.custos.keys;

import java.util.Objects;

/** A rewrapped data key to store, provided its row is still wrapped under {@code expectedKekVersion}. */
public record WrappedKeyReplacement(String keyId, int expectedKekVersion, WrappedKey replacement) {
    public WrappedKeyReplacement {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(replacement, "replacement");
    }
}
