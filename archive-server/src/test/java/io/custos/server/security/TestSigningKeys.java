package io.custos.server.security;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Fresh EC key pairs for tests; stands in for the keys module's LocalKeystore. */
public final class TestSigningKeys {

    private TestSigningKeys() {
    }

    public static TokenSigningKeySource generate(String keyId) {
        return generate(keyId, "secp256r1");
    }

    public static TokenSigningKeySource generate(String keyId, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            KeyPair keyPair = generator.generateKeyPair();
            return new Fixed(keyPair, keyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    record Fixed(KeyPair keyPair, String keyId) implements TokenSigningKeySource {
    }
}
