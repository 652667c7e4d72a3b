package io.custos.archive.ledger;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import java.time.Instant;
import java.util.List;

/** Makes the signed checkpoint of a contiguous range of one chain's links. */
public final class CheckpointSealer {

    private final String keyId;
    private final Ed25519PrivateKeyParameters key;

    public CheckpointSealer(String keyId, Ed25519PrivateKeyParameters key) {
        this.keyId = keyId;
        this.key = key;
    }

    public Checkpoint seal(List<ChainLink> range, Instant sealedAt) {
        if (range.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint covers at least one link");
        }
        ChainLink first = range.get(0);
        ChainLink last = range.get(range.size() - 1);
        if (last.position() - first.position() + 1 != range.size()) {
            throw new IllegalArgumentException("a checkpoint covers contiguous positions");
        }
        Checkpoint unsigned = new Checkpoint(first.chain(), first.position(), last.position(),
                MerkleTree.root(range.stream().map(ChainLink::hash).toList()), last.hash(), sealedAt, keyId, null);
        return CheckpointSignatures.sign(unsigned, key);
    }
}
