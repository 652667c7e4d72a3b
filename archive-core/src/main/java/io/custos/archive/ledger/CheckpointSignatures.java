package io.custos.archive.ledger;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.util.Objects;

/** Ed25519 (RFC 8032) signatures of checkpoints, with Bouncy Castle's lightweight API. */
public final class CheckpointSignatures {

    private CheckpointSignatures() {
    }

    public static Checkpoint sign(Checkpoint unsigned, Ed25519PrivateKeyParameters key) {
        Objects.requireNonNull(key, "key");
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] message = unsigned.signedBytes();
        signer.update(message, 0, message.length);
        return unsigned.withSignature(signer.generateSignature());
    }

    public static boolean verify(Checkpoint checkpoint, Ed25519PublicKeyParameters key) {
        Objects.requireNonNull(key, "key");
        byte[] signature = checkpoint.signature();
        if (signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        byte[] message = checkpoint.signedBytes();
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }
}
