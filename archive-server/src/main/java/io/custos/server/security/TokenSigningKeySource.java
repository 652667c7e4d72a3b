package io.custos.server.security;

import java.security.KeyPair;

/**
 * Where the embedded (local) issuer gets its ES256 signing key. Kept as a tiny interface so that this
 * package does not depend on the keys module; the server wires an adapter over
 * {@code LocalKeystore.tokenSigningKey()} / {@code tokenSigningKeyId()}.
 * The key pair must be EC on curve P-256.
 */
public interface TokenSigningKeySource {

    KeyPair keyPair();

    /** Published as the JWS {@code kid} header, so a key rotation can be told apart in tokens. */
    String keyId();
}
