package io.custos.server.ledger;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ledger's Ed25519 key. Its id is derived from the public key ({@code ledger-ed25519:<first 16 hex of
 * SHA-256>}), so a checkpoint names the key that can verify it. The public key file holds the raw 32-byte key in
 * hex: a verifier needs nothing else from the archive.
 */
final class LedgerSigningKey {

    static final String PUBLIC_KEY_FILE = "ledger-public-key.hex";

    private final Ed25519PrivateKeyParameters privateKey;
    private final String keyId;

    LedgerSigningKey(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.keyId = keyIdOf(privateKey.generatePublicKey());
    }

    static String keyIdOf(Ed25519PublicKeyParameters publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return "ledger-ed25519:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Ed25519PrivateKeyParameters privateKey() {
        return privateKey;
    }

    String keyId() {
        return keyId;
    }

    void publishPublicKey(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, HexFormat.of().formatHex(privateKey.generatePublicKey().getEncoded()) + "\n",
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ledger's public key", e);
        }
    }

    @Override
    public String toString() {
        return "LedgerSigningKey[" + keyId + "]";
    }
}
