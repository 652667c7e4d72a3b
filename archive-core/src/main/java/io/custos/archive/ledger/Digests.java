package io.custos.archive.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the one hash of the ledger. */
public final class Digests {

    public static final int LENGTH = 32;

    private Digests() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
