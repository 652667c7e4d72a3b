package io.custos.archive.study.api;

import java.util.Objects;

/**
 * Indexed attribute values (PHI) encrypted with the study's data key; only the key id travels in clear.
 * Destroying that key (crypto-shredding) leaves the event intact but unreadable.
 */
public record SealedAttributes(String dataKeyId, byte[] ciphertext) {
    public SealedAttributes {
        Objects.requireNonNull(dataKeyId, "dataKeyId");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    @Override
    public String toString() {
        return "SealedAttributes[key " + dataKeyId + ", " + ciphertext.length + " bytes]";
    }
}
