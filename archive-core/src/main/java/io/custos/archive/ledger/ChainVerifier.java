package io.custos.archive.ledger;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies one chain from three inputs, trusting only the ledger's public key: the signed checkpoints, the
 * links the sealer recorded, and the events as the store holds them now. It reads them one checkpoint's range at
 * a time ({@link ChainSource}), so memory does not grow with the chain.
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
     * Verifies a chain held in memory (tests, small chains).
     *
     * @param links       the recorded links of the chain, by position from 1
     * @param checkpoints the chain's published checkpoints, in order
     * @param events      the chain's events as the store holds them, in store (global index) order
     */
    public Optional<Finding> verify(ChainId chain, List<ChainLink> links, List<Checkpoint> checkpoints,
                                    List<StoredEvent> events) {
        Map<String, StoredEvent> byId = new HashMap<>();
        events.forEach(e -> byId.put(e.eventId(), e));
        Set<String> recordedIds = new HashSet<>();
        links.forEach(link -> recordedIds.add(link.eventId()));
        List<StoredEvent> unsealed = events.stream().filter(e -> !recordedIds.contains(e.eventId())).toList();
        return verify(chain, new ChainSource() {
            @Override
            public List<ChainLink> links(long first, long last) {
                return links.subList((int) Math.min(first - 1, links.size()), (int) Math.min(last, links.size()));
            }

            @Override
            public Map<String, StoredEvent> events(Collection<String> eventIds) {
                Map<String, StoredEvent> found = new HashMap<>();
                eventIds.stream().filter(byId::containsKey).forEach(id -> found.put(id, byId.get(id)));
                return found;
            }

            @Override
            public List<StoredEvent> unsealed() {
                return unsealed;
            }
        }, checkpoints);
    }

    /**
     * Verifies a chain read piece by piece: first every checkpoint against the links of its range, then the
     * store's rows against the authenticated links, one checkpoint's range at a time.
     *
     * @param checkpoints the chain's published checkpoints, in order
     */
    public Optional<Finding> verify(ChainId chain, ChainSource source, List<Checkpoint> checkpoints) {
        long[] highestSealedIndex = {Long.MIN_VALUE};
        Optional<Finding> checkpointFinding = verifyCheckpoints(chain, source, checkpoints, highestSealedIndex);
        if (checkpointFinding.isPresent()) {
            return checkpointFinding;
        }
        return verifyEvents(chain, source, checkpoints, highestSealedIndex[0]);
    }

    private Optional<Finding> verifyCheckpoints(ChainId chain, ChainSource source, List<Checkpoint> checkpoints,
                                                long[] highestSealedIndex) {
        long expectedFirst = 1;
        byte[] previous = ChainLink.GENESIS;
        for (Checkpoint c : checkpoints) {
            if (!c.chain().equals(chain) || !CheckpointSignatures.verify(c, publicKey)) {
                return finding(chain, c.first(), Finding.Kind.CHECKPOINT_INVALID, "signature does not verify");
            }
            if (c.first() != expectedFirst) {
                return finding(chain, expectedFirst, Finding.Kind.CHECKPOINT_MISSING,
                        "no checkpoint covers positions " + expectedFirst + ".." + (c.first() - 1));
            }
            List<ChainLink> range = source.links(c.first(), c.last());
            if (range.size() != c.last() - c.first() + 1) {
                return finding(chain, c.first() + range.size(), Finding.Kind.CHECKPOINT_INVALID,
                        "checkpoint covers positions beyond the recorded links");
            }
            for (int i = 0; i < range.size(); i++) {
                ChainLink link = range.get(i);
                if (link.position() != c.first() + i || !link.isConsistent()
                        || !Arrays.equals(link.previousHash(), previous)) {
                    return finding(chain, c.first() + i, Finding.Kind.CHECKPOINT_INVALID,
                            "recorded link does not follow from its predecessor");
                }
                previous = link.hash();
                highestSealedIndex[0] = Math.max(highestSealedIndex[0], link.globalIndex());
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
     * Compares the store's rows with the links the checkpoints authenticate, range by range. A row no link
     * names (links recorded after the last checkpoint count: an event committed late and sealed since is
     * pending, not inserted) that stands below the highest sealed global index is INSERTED, at the place of the
     * first sealed link after it.
     */
    private static Optional<Finding> verifyEvents(ChainId chain, ChainSource source, List<Checkpoint> checkpoints,
                                                  long highestSealedIndex) {
        Optional<StoredEvent> inserted = source.unsealed().stream()
                .filter(e -> e.globalIndex() <= highestSealedIndex)
                .min(Comparator.comparingLong(StoredEvent::globalIndex));
        for (Checkpoint c : checkpoints) {
            List<ChainLink> range = source.links(c.first(), c.last());
            Map<String, StoredEvent> stored = source.events(range.stream().map(ChainLink::eventId).toList());
            for (ChainLink link : range) {
                if (inserted.isPresent() && link.globalIndex() > inserted.get().globalIndex()) {
                    return finding(chain, link.position(), Finding.Kind.INSERTED, "event "
                            + inserted.get().eventId());
                }
                StoredEvent row = stored.get(link.eventId());
                if (row == null) {
                    return finding(chain, link.position(), Finding.Kind.MISSING, "event " + link.eventId());
                }
                if (!Arrays.equals(row.hash(), link.eventHash())) {
                    return finding(chain, link.position(), Finding.Kind.MODIFIED, "event " + link.eventId());
                }
                if (row.globalIndex() != link.globalIndex()) {
                    return finding(chain, link.position(), Finding.Kind.REORDERED, "event " + link.eventId()
                            + " was sealed at global index " + link.globalIndex() + ", now at " + row.globalIndex());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> finding(ChainId chain, long position, Finding.Kind kind, String detail) {
        return Optional.of(new Finding(chain, position, kind, detail));
    }
}
