package io.custos.keys;

/**
 * Port for the per-scope secret behind lookup hashes. The key never leaves the implementation: callers hand
 * in the message and get the MAC back, which lets a key service (e.g. Vault Transit's hmac endpoint) stand in
 * for the local keystore.
 */
public interface LookupHashKeys {

    /** HMAC-SHA256 of {@code message} under the scope's lookup-hash key, created on first use. */
    byte[] hmacSha256(KeyScope scope, byte[] message);
}
