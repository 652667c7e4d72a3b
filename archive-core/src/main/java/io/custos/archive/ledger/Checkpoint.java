package io.custos.archive.ledger;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed statement about a range of one chain: positions {@code first..last}, the Merkle root of their link
 * hashes, and the hash of the last link (which commits to the whole chain before it). Published append-only;
 * a verifier needs only the event rows, the checkpoints and the ledger's public key.
 */
public record Checkpoint(ChainId chain, long first, long last, byte[] merkleRoot, byte[] lastLinkHash,
                         Instant sealedAt, String keyId, byte[] signature) {

    public Checkpoint {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(sealedAt, "sealedAt");
        Objects.requireNonNull(keyId, "keyId");
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("a checkpoint covers positions first..last, 1 <= first <= last");
        }
        merkleRoot = merkleRoot.clone();
        lastLinkHash = lastLinkHash.clone();
        signature = signature == null ? new byte[0] : signature.clone();
    }

    /** The exact bytes that are signed: everything but the signature, in a fixed, versioned layout. */
    public byte[] signedBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(200);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF("custos-ledger-checkpoint-v1");
            out.writeUTF(chain.tenant());
            out.writeUTF(chain.region());
            out.writeLong(first);
            out.writeLong(last);
            out.write(merkleRoot);
            out.write(lastLinkHash);
            out.writeLong(sealedAt.getEpochSecond());
            out.writeInt(sealedAt.getNano());
            out.writeUTF(keyId);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    public Checkpoint withSignature(byte[] signature) {
        return new Checkpoint(chain, first, last, merkleRoot, lastLinkHash, sealedAt, keyId, signature);
    }

    @Override
    public byte[] merkleRoot() {
        return merkleRoot.clone();
    }

    @Override
    public byte[] lastLinkHash() {
        return lastLinkHash.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
