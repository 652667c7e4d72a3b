package io.custos.archive.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each kind of tampering with the event store or the published checkpoints is detected and named. */
class ChainVerifierTest {

    private static final ChainId CHAIN = new ChainId("acme", "local");
    private static final Ed25519PrivateKeyParameters KEY = new Ed25519PrivateKeyParameters(new SecureRandom());

    private final ChainVerifier verifier = new ChainVerifier(KEY.generatePublicKey());
    private List<StoredEvent> events;
    private List<ChainLink> links;
    private List<Checkpoint> checkpoints;

    @BeforeEach
    void sealTenEventsInTwoCheckpoints() {
        events = new ArrayList<>();
        links = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            StoredEvent e = event(i, "payload-" + i);
            events.add(e);
            links.add(ChainLink.next(CHAIN, links.isEmpty() ? null : links.get(links.size() - 1), e));
        }
        CheckpointSealer sealer = new CheckpointSealer("ledger-1", KEY);
        checkpoints = new ArrayList<>(List.of(sealer.seal(links.subList(0, 6), Instant.parse("2026-11-23T10:00:00Z")),
                sealer.seal(links.subList(6, 10), Instant.parse("2026-11-23T10:01:00Z"))));
    }

    @Test
    void anUntouchedChainVerifies() {
        assertThat(verify()).isEmpty();
    }

    @Test
    void aChangedPayloadByteIsModifiedAtItsPosition() {
        events.set(3, event(4, "payload-X"));
        assertFinding(4, Finding.Kind.MODIFIED);
    }

    @Test
    void aDeletedRowIsMissing() {
        events.remove(6);
        assertFinding(7, Finding.Kind.MISSING);
    }

    @Test
    void aForgedRowAmongSealedOnesIsInsertedWhereItStands() {
        events.add(2, event("forged", 25, "forged")); // global index 2.5 (x10 below)
        assertFinding(3, Finding.Kind.INSERTED);
    }

    @Test
    void twoSwappedPositionsAreReordered() {
        // Swap the global indexes of events 5 and 6, as an UPDATE in PostgreSQL would.
        StoredEvent fifth = events.get(4);
        StoredEvent sixth = events.get(5);
        events.set(4, event(fifth.eventId(), sixth.globalIndex(), "payload-5"));
        events.set(5, event(sixth.eventId(), fifth.globalIndex(), "payload-6"));
        assertFinding(5, Finding.Kind.REORDERED);
    }

    @Test
    void anEventCommittedLateIsSealedWhereTheSealerSawItAndVerifies() {
        // Global index 15 committed after 20 and 30: sealed third, still consistent.
        List<StoredEvent> late = List.of(event("a", 20, "a"), event("b", 30, "b"), event("c", 15, "c"));
        List<ChainLink> chain = new ArrayList<>();
        for (StoredEvent e : late) {
            chain.add(ChainLink.next(CHAIN, chain.isEmpty() ? null : chain.get(chain.size() - 1), e));
        }
        Checkpoint c = new CheckpointSealer("ledger-1", KEY).seal(chain, Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(verifier.verify(CHAIN, chain, List.of(c), late)).isEmpty();
    }

    @Test
    void aChangedRootInAPublishedCheckpointIsInvalid() {
        Checkpoint c = checkpoints.get(1);
        byte[] root = c.merkleRoot();
        root[0] ^= 1;
        checkpoints.set(1, new Checkpoint(c.chain(), c.first(), c.last(), root, c.lastLinkHash(), c.sealedAt(),
                c.keyId(), c.signature()));
        assertFinding(7, Finding.Kind.CHECKPOINT_INVALID);
    }

    @Test
    void aDroppedCheckpointFileIsMissing() {
        checkpoints.remove(0);
        assertFinding(1, Finding.Kind.CHECKPOINT_MISSING);
    }

    @Test
    void rewrittenLinksThatFitTheForgeryAreCaughtByTheSignedCheckpoint() {
        // An operator changes an event and recomputes every later link: the signed roots no longer match.
        events.set(2, event(3, "payload-X"));
        List<ChainLink> forged = new ArrayList<>();
        for (StoredEvent e : events) {
            forged.add(ChainLink.next(CHAIN, forged.isEmpty() ? null : forged.get(forged.size() - 1), e));
        }
        links = forged;
        assertFinding(1, Finding.Kind.CHECKPOINT_INVALID);
    }

    @Test
    void eventsAfterTheLastCheckpointAreNotYetJudged() {
        events.add(event(11, "payload-11"));
        assertThat(verify()).isEmpty();
    }

    @Test
    void theChainIsReadOneCheckpointRangeAtATime() {
        // The source the store stands behind: every read must fit one checkpoint (bounded memory).
        List<Long> largestRead = new ArrayList<>(List.of(0L));
        ChainSource source = new ChainSource() {
            @Override
            public List<ChainLink> links(long first, long last) {
                largestRead.set(0, Math.max(largestRead.get(0), last - first + 1));
                return links.subList((int) first - 1, (int) last);
            }

            @Override
            public java.util.Map<String, StoredEvent> events(java.util.Collection<String> ids) {
                largestRead.set(0, Math.max(largestRead.get(0), ids.size()));
                java.util.Map<String, StoredEvent> found = new java.util.HashMap<>();
                events.stream().filter(e -> ids.contains(e.eventId())).forEach(e -> found.put(e.eventId(), e));
                return found;
            }

            @Override
            public List<StoredEvent> unsealed() {
                return List.of();
            }
        };
        events.set(8, event(9, "payload-X"));
        assertThat(verifier.verify(CHAIN, source, checkpoints)).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.MODIFIED);
            assertThat(f.position()).isEqualTo(9);
        });
        assertThat(largestRead.get(0)).isEqualTo(6L); // the larger checkpoint covers positions 1..6
    }

    private Optional<Finding> verify() {
        return verifier.verify(CHAIN, links, checkpoints, events);
    }

    private void assertFinding(long position, Finding.Kind kind) {
        assertThat(verify()).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(kind);
            assertThat(f.position()).isEqualTo(position);
        });
    }

    private static StoredEvent event(int n, String payload) {
        return event("event-" + n, n * 10L, payload);
    }

    private static StoredEvent event(String id, long globalIndex, String payload) {
        return new StoredEvent(globalIndex, id, "acme/1.2.3", 0, "Study", "io.custos.Example", null,
                "2026-11-23T09:00:00Z", payload.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }
}
