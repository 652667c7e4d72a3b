package io.custos.server.ledger;

import io.custos.archive.access.api.FrameAccessStartedEvent;
import io.custos.archive.access.api.FrameAccessSummarizedEvent;
import io.custos.archive.ledger.ChainId;
import io.custos.archive.ledger.ChainLink;
import io.custos.archive.ledger.Checkpoint;
import io.custos.archive.ledger.CheckpointDirectory;
import io.custos.archive.ledger.LedgerSealer;
import io.custos.archive.ledger.MerkleTree;
import io.custos.archive.ledger.StoredEvent;
import io.custos.archive.ledger.evidence.EvidenceBundleWriter;
import io.custos.archive.ledger.evidence.EvidenceQuestion;
import io.custos.archive.ledger.jdbc.JdbcLedger;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports the events behind an audit answer as an evidence bundle ({@code docs/ledger.md} "Evidence bundles"):
 * each event's stored row, its chain link, the signed checkpoint covering it and the link's inclusion proof.
 *
 * <p>An answer entry names an event by its identifier, or a frame access window by its window id; a window
 * stands for its start and summary events, which are both bundled. Before exporting, the sealer is asked to
 * seal what is visible and checkpoint every chain now ({@link #sealNow}), so every event of the answer is
 * provable; an entry whose event is still not sealed (or not found, or in another tenant's chain) is listed
 * as not provable with its reason, never silently left out.
 */
public final class EvidenceExporter {

    private static final int CHUNK = 1000;
    private static final int PROVERS_KEPT = 16;
    private static final List<String> WINDOW_EVENT_TYPES = List.of(FrameAccessStartedEvent.class.getName(),
            FrameAccessSummarizedEvent.class.getName());

    private final JdbcLedger ledger;
    private final LedgerSealer sealer;
    private final CheckpointDirectory checkpoints;
    private final LedgerSigningKey key;

    EvidenceExporter(JdbcLedger ledger, LedgerSealer sealer, CheckpointDirectory checkpoints, LedgerSigningKey key) {
        this.ledger = ledger;
        this.sealer = sealer;
        this.checkpoints = checkpoints;
        this.key = key;
    }

    /** Seals every visible event and publishes a checkpoint for every chain's remainder, now. */
    public void sealNow() {
        while (sealer.sealAvailable() > 0) {
            // drain what is visible
        }
        sealer.checkpointDue(true);
    }

    /**
     * Writes the bundle of these answer entries (distinct access ids, in answer order) to {@code out}.
     *
     * @return how many events the bundle holds
     */
    public long export(EvidenceQuestion question, List<String> accessIds, OutputStream out) throws IOException {
        EvidenceBundleWriter writer = new EvidenceBundleWriter(out, question, key.privateKey(), key.keyId());
        Proofs proofs = new Proofs();
        for (int from = 0; from < accessIds.size(); from += CHUNK) {
            List<String> chunk = accessIds.subList(from, Math.min(accessIds.size(), from + CHUNK));
            Map<String, List<StoredEvent>> rows = rowsOf(chunk, question.from());
            List<String> eventIds = rows.values().stream().flatMap(List::stream).map(StoredEvent::eventId).toList();
            Map<String, ChainLink> links = eventIds.isEmpty() ? Map.of() : ledger.linksOfEvents(eventIds);
            for (String accessId : chunk) {
                List<StoredEvent> events = rows.get(accessId);
                if (events == null) {
                    writer.notProvable(accessId, "NOT_FOUND: no event with this id or window id in the event store");
                    continue;
                }
                for (StoredEvent row : events) {
                    add(writer, proofs, question.tenant(), accessId, row, links.get(row.eventId()));
                }
            }
        }
        writer.finish(accessIds.size());
        return writer.events();
    }

    private void add(EvidenceBundleWriter writer, Proofs proofs, String tenant, String accessId, StoredEvent row,
                     ChainLink link) throws IOException {
        if (link == null) {
            writer.notProvable(accessId, "NOT_SEALED: event " + row.eventId() + " is not sealed yet");
        } else if (!link.chain().tenant().equals(tenant)) {
            // Never bundle another tenant's row; the projection pointing at one is itself worth reporting.
            writer.notProvable(accessId, "OTHER_CHAIN: event " + row.eventId() + " is not in the tenant's chain");
        } else {
            Checkpoint checkpoint = proofs.covering(link);
            if (checkpoint == null) {
                writer.notProvable(accessId, "NOT_CHECKPOINTED: event " + row.eventId() + " at position "
                        + link.position() + " has no checkpoint yet");
            } else {
                writer.add(accessId, row, link, checkpoint, proofs.proof(checkpoint, link));
            }
        }
    }

    /**
     * Rows by access id: the event itself, or the events of the frame window with that id (stored on or after the
     * question's first day: a window of the answer opened within the range).
     */
    private Map<String, List<StoredEvent>> rowsOf(List<String> accessIds, String firstDay) {
        Map<String, List<StoredEvent>> rows = new HashMap<>();
        for (StoredEvent e : ledger.eventsByIds(accessIds)) {
            rows.put(e.eventId(), List.of(e));
        }
        List<String> windows = accessIds.stream().filter(id -> !rows.containsKey(id)).toList();
        if (!windows.isEmpty()) {
            rows.putAll(ledger.eventsByPayloadField(WINDOW_EVENT_TYPES, "windowId", windows, firstDay));
        }
        return rows;
    }

    /** The checkpoints of the chains met so far and the Merkle provers of the last few checkpoints used. */
    private final class Proofs {

        private final Map<ChainId, List<Checkpoint>> published = new HashMap<>();
        private final Map<Checkpoint, MerkleTree.Prover> provers = new LinkedHashMap<>(PROVERS_KEPT, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Checkpoint, MerkleTree.Prover> eldest) {
                return size() > PROVERS_KEPT;
            }
        };

        Checkpoint covering(ChainLink link) {
            List<Checkpoint> list = published.computeIfAbsent(link.chain(), checkpoints::read);
            int low = 0;
            int high = list.size() - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                Checkpoint c = list.get(mid);
                if (link.position() < c.first()) {
                    high = mid - 1;
                } else if (link.position() > c.last()) {
                    low = mid + 1;
                } else {
                    return c;
                }
            }
            return null;
        }

        List<byte[]> proof(Checkpoint c, ChainLink link) {
            MerkleTree.Prover prover = provers.computeIfAbsent(c, cp -> new MerkleTree.Prover(
                    ledger.links(cp.chain(), cp.first(), cp.last()).stream().map(ChainLink::hash).toList()));
            return prover.inclusionProof((int) (link.position() - c.first()));
        }
    }
}
