package io.custos.keys;

import java.util.Objects;

/**
 * A data key as it may be stored: encrypted under a key-encryption key, identified by that KEK's id and
 * version so that rotation can leave old versions decrypting until they are retired.
 */
public record WrappedKey(String kekId, int kekVersion, byte[] ciphertext) {
    public WrappedKey {
        Objects.requireNonNull(kekId, "kekId");
        Objects.requireNonNull(ciphertext, "ciphertext");
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public String toString() {
        return "WrappedKey[" + kekId + " v" + kekVersion + "]";
    }
}
