package io.custos.archive.ledger;

import io.custos.archive.ledger.jdbc.JdbcLedger;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies every chain of an event store against its published checkpoints. Links and rows are read one
 * checkpoint's range at a time; only the rows that no link names (pending or forged) are read all at once. Memory
 * is bounded by the checkpoint size, not by the size of the store.
 */
public final class LedgerVerification {

    /** One chain's result: verified up to {@code checkpointedPosition}, or the first finding. */
    public record ChainResult(ChainId chain, long checkpointedPosition, Optional<Finding> finding) {
    }

    private final JdbcLedger store;
    private final CheckpointDirectory checkpoints;
    private final ChainAssigner assigner;
    private final ChainVerifier verifier;

    public LedgerVerification(JdbcLedger store, CheckpointDirectory checkpoints, ChainAssigner assigner,
                              Ed25519PublicKeyParameters publicKey) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.assigner = assigner;
        this.verifier = new ChainVerifier(publicKey);
    }

    /** @param knownChains chains that must be checked even if the store no longer shows them (e.g. from the directory) */
    public List<ChainResult> verifyAll(Set<ChainId> knownChains) {
        return verifyAll(knownChains, null);
    }

    /**
     * @param knownChains   chains that must be checked even if the store no longer shows them
     * @param coveredBefore events stored before this instant must be covered by a published checkpoint (the
     *                      sealer checkpoints every {@code checkpoint-interval}); null: the uncovered tail is not
     *                      judged. Without this, dropping a chain's latest checkpoints would go unnoticed: what
     *                      they covered would look like events not yet checkpointed.
     */
    public List<ChainResult> verifyAll(Set<ChainId> knownChains, Instant coveredBefore) {
        Map<ChainId, List<StoredEvent>> unsealed = new LinkedHashMap<>();
        for (StoredEvent e : store.unsealedEvents()) {
            unsealed.computeIfAbsent(assigner.chainOf(e), c -> new ArrayList<>()).add(e);
        }
        Set<ChainId> chains = new LinkedHashSet<>(knownChains);
        chains.addAll(store.heads().keySet());
        chains.addAll(unsealed.keySet());
        List<ChainResult> results = new ArrayList<>();
        for (ChainId chain : chains) {
            List<Checkpoint> published = checkpoints.read(chain);
            long last = published.isEmpty() ? 0 : published.get(published.size() - 1).last();
            List<StoredEvent> pending = unsealed.getOrDefault(chain, List.of());
            Optional<Finding> finding = verifier.verify(chain, new ChainSource() {
                @Override
                public List<ChainLink> links(long first, long lastPosition) {
                    return store.links(chain, first, lastPosition);
                }

                @Override
                public Map<String, StoredEvent> events(Collection<String> eventIds) {
                    Map<String, StoredEvent> byId = new HashMap<>();
                    store.eventsByIds(eventIds).forEach(e -> byId.put(e.eventId(), e));
                    return byId;
                }

                @Override
                public List<StoredEvent> unsealed() {
                    return pending;
                }
            }, published);
            if (finding.isEmpty() && coveredBefore != null) {
                finding = uncheckpointedTail(chain, last, pending, coveredBefore);
            }
            results.add(new ChainResult(chain, last, finding));
        }
        return results;
    }

    /** An unreadable timestamp counts as old: a row nobody can date is not given the benefit of the doubt. */
    private static boolean storedBefore(StoredEvent e, Instant instant) {
        try {
            return Instant.parse(e.timestamp()).isBefore(instant);
        } catch (java.time.format.DateTimeParseException unreadable) {
            return true;
        }
    }

    /** The events after the last checkpoint (sealed or not) that are older than {@code coveredBefore}. */
    private Optional<Finding> uncheckpointedTail(ChainId chain, long last, List<StoredEvent> pending,
                                                 Instant coveredBefore) {
        List<StoredEvent> tail = new ArrayList<>(pending);
        List<String> sealedIds = store.links(chain, last + 1, Long.MAX_VALUE).stream().map(ChainLink::eventId).toList();
        if (!sealedIds.isEmpty()) {
            tail.addAll(store.eventsByIds(sealedIds));
        }
        long overdue = tail.stream().filter(e -> storedBefore(e, coveredBefore)).count();
        if (overdue == 0) {
            return Optional.empty();
        }
        return Optional.of(new Finding(chain, last + 1, Finding.Kind.UNCHECKPOINTED, overdue
                + " events stored before " + coveredBefore + " are covered by no published checkpoint"));
    }
}
