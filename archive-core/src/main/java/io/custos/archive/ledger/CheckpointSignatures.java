package io.custos.archive.ledger;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.util.Objects;

/**
 * Ed25519 (RFC 8032) signatures with Bouncy Castle's lightweight API: of checkpoints, and of the other statements
 * the ledger key makes (evidence bundles), each of which starts with its own format tag.
 */
public final class CheckpointSignatures {

    private CheckpointSignatures() {
    }

    public static Checkpoint sign(Checkpoint unsigned, Ed25519PrivateKeyParameters key) {
        return unsigned.withSignature(sign(unsigned.signedBytes(), key));
    }

    public static boolean verify(Checkpoint checkpoint, Ed25519PublicKeyParameters key) {
        return verify(checkpoint.signedBytes(), checkpoint.signature(), key);
    }

    public static byte[] sign(byte[] message, Ed25519PrivateKeyParameters key) {
        Objects.requireNonNull(key, "key");
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    public static boolean verify(byte[] message, byte[] signature, Ed25519PublicKeyParameters key) {
        Objects.requireNonNull(key, "key");
        if (signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }
}
