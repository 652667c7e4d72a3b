package io.custos.keys;

/**
 * Port for key-encryption keys (one per {@link KeyScope}). The local keystore is the embedded default;
 * a Vault Transit implementation plugs in behind the same port. Implementations fail closed: a wrong
 * scope, wrong associated data or tampered ciphertext raises {@link KeyServiceException}, never returns bytes.
 */
public interface KeyEncryptionKeys {

    WrappedKey wrap(KeyScope scope, byte[] dataKey, byte[] associatedData);

    byte[] unwrap(KeyScope scope, WrappedKey wrapped, byte[] associatedData);
}
