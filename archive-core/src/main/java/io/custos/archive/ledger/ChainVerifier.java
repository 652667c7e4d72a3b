package io.custos.archive.ledger;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies one chain from three inputs, trusting only the ledger's public key: the signed checkpoints, the
 * links the sealer recorded, and the events as the store holds them now.
 *
 * <ol>
 *   <li>Every checkpoint's signature verifies, checkpoints cover positions 1..n without gap, and each one's
 *   Merkle root and last link hash match the recorded links; each link's hash follows from its parts and its
 *   predecessor. The links are then as sealed (authenticated by the checkpoints).</li>
 *   <li>The store's events of the chain are compared with the authenticated links position by position: a link
 *   whose event is gone is MISSING, an event whose bytes hash differently is MODIFIED, an event that stands at
 *   another global index than sealed is REORDERED, and an event never sealed that sits among sealed ones (below
 *   the highest sealed global index) is INSERTED at the place of the first link after it.</li>
 * </ol>
 * The first finding is returned; none means the chain holds up to the last checkpoint.
 */
public final class ChainVerifier {

    private final Ed25519PublicKeyParameters publicKey;

    public ChainVerifier(Ed25519PublicKeyParameters publicKey) {
        this.publicKey = publicKey;
    }

    /**
     * @param links       the recorded links of the chain, by position from 1
     * @param checkpoints the chain's published checkpoints, in order
     * @param events      the chain's events as the store holds them, in store (global index) order
     */
    public Optional<Finding> verify(ChainId chain, List<ChainLink> links, List<Checkpoint> checkpoints,
                                    List<StoredEvent> events) {
        Optional<Finding> checkpointFinding = verifyCheckpoints(chain, links, checkpoints);
        if (checkpointFinding.isPresent()) {
            return checkpointFinding;
        }
        long sealed = checkpoints.isEmpty() ? 0 : checkpoints.get(checkpoints.size() - 1).last();
        return verifyEvents(chain, links.subList(0, (int) sealed), links, events);
    }

    private Optional<Finding> verifyCheckpoints(ChainId chain, List<ChainLink> links, List<Checkpoint> checkpoints) {
        long expectedFirst = 1;
        for (Checkpoint c : checkpoints) {
            if (!c.chain().equals(chain) || !CheckpointSignatures.verify(c, publicKey)) {
                return finding(chain, c.first(), Finding.Kind.CHECKPOINT_INVALID, "signature does not verify");
            }
            if (c.first() != expectedFirst) {
                return finding(chain, expectedFirst, Finding.Kind.CHECKPOINT_MISSING,
                        "no checkpoint covers positions " + expectedFirst + ".." + (c.first() - 1));
            }
            if (c.last() > links.size()) {
                return finding(chain, links.size() + 1L, Finding.Kind.CHECKPOINT_INVALID,
                        "checkpoint covers positions beyond the recorded links");
            }
            List<ChainLink> range = links.subList((int) c.first() - 1, (int) c.last());
            for (int i = 0; i < range.size(); i++) {
                ChainLink link = range.get(i);
                byte[] expectedPrevious = link.position() == 1 ? ChainLink.GENESIS
                        : links.get((int) link.position() - 2).hash();
                if (link.position() != c.first() + i || !link.isConsistent()
                        || !Arrays.equals(link.previousHash(), expectedPrevious)) {
                    return finding(chain, c.first() + i, Finding.Kind.CHECKPOINT_INVALID,
                            "recorded link does not follow from its predecessor");
                }
            }
            List<byte[]> leaves = range.stream().map(ChainLink::hash).toList();
            if (!Arrays.equals(MerkleTree.root(leaves), c.merkleRoot())
                    || !Arrays.equals(range.get(range.size() - 1).hash(), c.lastLinkHash())) {
                return finding(chain, c.first(), Finding.Kind.CHECKPOINT_INVALID,
                        "Merkle root or last link differs from the recorded links");
            }
            expectedFirst = c.last() + 1;
        }
        return Optional.empty();
    }

    /**
     * @param sealed   the links the checkpoints authenticate
     * @param recorded every recorded link, including those sealed after the last checkpoint: an event committed
     *                 late (lower global index) and sealed since is pending, not inserted
     */
    private static Optional<Finding> verifyEvents(ChainId chain, List<ChainLink> sealed, List<ChainLink> recorded,
                                                  List<StoredEvent> events) {
        Map<String, StoredEvent> byId = new HashMap<>();
        events.forEach(e -> byId.put(e.eventId(), e));
        Set<String> sealedIds = new HashSet<>();
        recorded.forEach(link -> sealedIds.add(link.eventId()));
        long highestSealedIndex = sealed.stream().mapToLong(ChainLink::globalIndex).max().orElse(Long.MIN_VALUE);
        // A row the chain never saw, placed among sealed rows: it takes the place of the first link after it.
        Optional<StoredEvent> inserted = events.stream()
                .filter(e -> !sealedIds.contains(e.eventId()))
                .filter(e -> e.globalIndex() <= highestSealedIndex)
                .min(java.util.Comparator.comparingLong(StoredEvent::globalIndex));
        long insertedAt = inserted.map(e -> sealed.stream().filter(l -> l.globalIndex() > e.globalIndex())
                .mapToLong(ChainLink::position).min().orElse(Long.MAX_VALUE)).orElse(Long.MAX_VALUE);
        for (ChainLink link : sealed) {
            if (link.position() >= insertedAt) {
                return finding(chain, insertedAt, Finding.Kind.INSERTED, "event " + inserted.get().eventId());
            }
            StoredEvent stored = byId.get(link.eventId());
            if (stored == null) {
                return finding(chain, link.position(), Finding.Kind.MISSING, "event " + link.eventId());
            }
            if (!Arrays.equals(stored.hash(), link.eventHash())) {
                return finding(chain, link.position(), Finding.Kind.MODIFIED, "event " + link.eventId());
            }
            if (stored.globalIndex() != link.globalIndex()) {
                return finding(chain, link.position(), Finding.Kind.REORDERED, "event " + link.eventId()
                        + " was sealed at global index " + link.globalIndex() + ", now at " + stored.globalIndex());
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> finding(ChainId chain, long position, Finding.Kind kind, String detail) {
        return Optional.of(new Finding(chain, position, kind, detail));
    }
}
