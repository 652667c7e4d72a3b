package io.custos.archive.ledger;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One position of a chain: the event at that position (its id, its place in the event store's global order, and
 * the hash of its stored bytes) and the hash of the previous link. Each link hash commits to everything before
 * it, so changing, removing, inserting or reordering any event changes every later link hash. The global index
 * is kept rather than relied on for order: a transaction may commit a lower index after a higher one, and the
 * sealer seals events in the order it sees them committed.
 */
public record ChainLink(ChainId chain, long position, long globalIndex, String eventId, byte[] eventHash,
                        byte[] previousHash, byte[] hash) {

    /** The previous hash of a chain's first link. */
    public static final byte[] GENESIS = new byte[Digests.LENGTH];

    public ChainLink {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(eventId, "eventId");
        eventHash = eventHash.clone();
        previousHash = previousHash.clone();
        hash = hash.clone();
    }

    /** The link after {@code previous} (null for a chain's first) for the given event. */
    public static ChainLink next(ChainId chain, ChainLink previous, StoredEvent event) {
        long position = previous == null ? 1 : previous.position() + 1;
        byte[] prev = previous == null ? GENESIS : previous.hash();
        byte[] eventHash = event.hash();
        return new ChainLink(chain, position, event.globalIndex(), event.eventId(), eventHash, prev,
                linkHash(chain, position, event.globalIndex(), event.eventId(), eventHash, prev));
    }

    /** Recomputes this link's hash from its parts; a verifier compares it with the stored one. */
    public boolean isConsistent() {
        return Arrays.equals(hash, linkHash(chain, position, globalIndex, eventId, eventHash, previousHash));
    }

    static byte[] linkHash(ChainId chain, long position, long globalIndex, String eventId, byte[] eventHash,
                           byte[] previousHash) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF("custos-ledger-link-v1");
            out.writeUTF(chain.label());
            out.writeLong(position);
            out.writeLong(globalIndex);
            out.writeUTF(eventId);
            out.write(eventHash);
            out.write(previousHash);
            out.flush();
            return Digests.sha256().digest(bytes.toByteArray());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    @Override
    public byte[] eventHash() {
        return eventHash.clone();
    }

    @Override
    public byte[] previousHash() {
        return previousHash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public String toString() {
        return "ChainLink[" + chain.label() + " #" + position + " " + HexFormat.of().formatHex(hash, 0, 8) + "]";
    }
}
