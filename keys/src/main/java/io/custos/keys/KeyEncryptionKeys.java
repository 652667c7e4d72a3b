package io.custos.keys;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Port for key-encryption keys (one per {@link KeyScope}, with numbered versions). The local keystore is the
 * embedded default; Vault Transit plugs in behind the same port. A scope's KEK exists from its first use.
 *
 * <p>Versions: new wraps use the {@linkplain KekVersions#current() current} version; {@link #rotate} adds a
 * version that becomes current, older versions keep decrypting until {@link #retire retired}. Retiring follows
 * Vault Transit's {@code min_decryption_version}: retiring version {@code v} retires every version up to
 * {@code v}, and the current version can never be retired.
 *
 * <p>Implementations fail closed: a wrong scope, wrong associated data, tampered ciphertext or a retired or
 * unknown version raises {@link KeyServiceException}, never returns bytes.
 */
public interface KeyEncryptionKeys {

    WrappedKey wrap(KeyScope scope, byte[] dataKey, byte[] associatedData);

    byte[] unwrap(KeyScope scope, WrappedKey wrapped, byte[] associatedData);

    /**
     * A fresh data key of {@code lengthBytes}, in the clear and wrapped under the current version. This default
     * draws it from {@code random} and wraps it; a key service with a data-key endpoint (Vault Transit's
     * {@code datakey}) generates it there in one call. The caller zeroes {@link NewDataKey#plaintext()}.
     */
    default NewDataKey newDataKey(KeyScope scope, int lengthBytes, byte[] associatedData, SecureRandom random) {
        byte[] clear = new byte[lengthBytes];
        random.nextBytes(clear);
        try {
            return new NewDataKey(clear, wrap(scope, clear, associatedData));
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /** The scope's KEK id and version state. */
    KekVersions versions(KeyScope scope);

    /** Adds a version to the scope's KEK and makes it current for new wraps; returns the new state. */
    KekVersions rotate(KeyScope scope);

    /**
     * {@code wrapped} re-encrypted under the current version, same data key and associated data. This default
     * unwraps and wraps in this process; a key service that can rewrap on its side (Vault) overrides it so the
     * data key never leaves the service.
     */
    default WrappedKey rewrap(KeyScope scope, WrappedKey wrapped, byte[] associatedData) {
        byte[] clear = unwrap(scope, wrapped, associatedData);
        try {
            return wrap(scope, clear, associatedData);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /**
     * Versions up to and including {@code version} stop decrypting. Retiring an already retired version changes
     * nothing; retiring the current version (or a later one) is refused.
     *
     * @return the state afterwards
     */
    KekVersions retire(KeyScope scope, int version);
}
