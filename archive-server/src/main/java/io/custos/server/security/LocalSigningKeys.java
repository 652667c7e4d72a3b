package io.custos.server.security;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/** Checks and converts the embedded issuer's key pair; ES256 is only defined over P-256. */
final class LocalSigningKeys {

    private LocalSigningKeys() {
    }

    static void requireP256(KeyPair keyPair) {
        if (keyPair == null
                || !(keyPair.getPublic() instanceof ECPublicKey pub)
                || !(keyPair.getPrivate() instanceof ECPrivateKey)
                || !Curve.P_256.equals(Curve.forECParameterSpec(pub.getParams()))) {
            throw new IllegalStateException("The token signing key must be an EC P-256 key pair (ES256)");
        }
    }

    /** Public half only, as a JWK, for the local decoder. */
    static ECKey publicJwk(TokenSigningKeySource source) {
        requireP256(source.keyPair());
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) source.keyPair().getPublic())
                .keyID(source.keyId())
                .keyUse(KeyUse.SIGNATURE)
                .build();
    }
}
