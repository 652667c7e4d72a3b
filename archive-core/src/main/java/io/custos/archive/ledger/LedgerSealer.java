package io.custos.archive.ledger;

import io.custos.archive.ledger.jdbc.JdbcLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seals the event store into per (tenant, region) hash chains, in the order events become visible, and
 * publishes signed checkpoints every {@code checkpointEvery} links or {@code checkpointInterval}, whichever
 * comes first.
 *
 * <p>Global indexes are taken before commit, so a lower index can become visible after a higher one. An index
 * missing below the highest seen is kept as a gap and sealed when its row appears; a gap still empty after
 * {@code gapTimeout} is taken as a rolled-back transaction and dropped. A row that appears after that is, to
 * the verifier, an insertion, which is what a forged row looks like too.
 *
 * <p>One sealer per event store: a second one racing it fails its transaction on the links' unique keys.
 */
public final class LedgerSealer {

    private static final Logger log = LoggerFactory.getLogger(LedgerSealer.class);

    private final JdbcLedger store;
    private final ChainAssigner assigner;
    private final CheckpointDirectory checkpoints;
    private final CheckpointSealer signer;
    private final Clock clock;
    private final int batchSize;
    private final long checkpointEvery;
    private final Duration checkpointInterval;
    private final Duration gapTimeout;
    private Map<ChainId, ChainLink> heads;
    private final Map<ChainId, Long> checkpointed = new HashMap<>();
    private final Map<ChainId, Instant> lastCheckpointAt = new HashMap<>();

    public LedgerSealer(JdbcLedger store, ChainAssigner assigner, CheckpointDirectory checkpoints,
                        CheckpointSealer signer, Clock clock, int batchSize, long checkpointEvery,
                        Duration checkpointInterval, Duration gapTimeout) {
        this.store = store;
        this.assigner = assigner;
        this.checkpoints = checkpoints;
        this.signer = signer;
        this.clock = clock;
        this.batchSize = batchSize;
        this.checkpointEvery = checkpointEvery;
        this.checkpointInterval = checkpointInterval;
        this.gapTimeout = gapTimeout;
    }

    /** Seals up to one batch of newly visible events; returns how many links were added. */
    public synchronized int sealAvailable() {
        JdbcLedger.Cursor cursor = store.cursor();
        if (heads == null) {
            heads = store.heads();
        }
        Instant now = clock.instant();
        List<StoredEvent> rows = store.eventsAfter(cursor.lastGlobalIndex(), cursor.gaps().keySet(), batchSize);
        Map<ChainId, ChainLink> next = new HashMap<>(heads);
        List<ChainLink> links = new ArrayList<>(rows.size());
        Map<Long, Instant> newGaps = new LinkedHashMap<>();
        Set<Long> closed = new HashSet<>();
        long last = cursor.lastGlobalIndex();
        for (StoredEvent row : rows) {
            if (cursor.gaps().containsKey(row.globalIndex())) {
                closed.add(row.globalIndex());
            } else {
                for (long missing = last + 1; missing < row.globalIndex(); missing++) {
                    newGaps.put(missing, now);
                }
                last = Math.max(last, row.globalIndex());
            }
            ChainId chain = assigner.chainOf(row);
            ChainLink link = ChainLink.next(chain, next.get(chain), row);
            next.put(chain, link);
            links.add(link);
        }
        int expired = 0;
        for (Map.Entry<Long, Instant> gap : cursor.gaps().entrySet()) {
            if (!closed.contains(gap.getKey()) && gap.getValue().plus(gapTimeout).isBefore(now)) {
                closed.add(gap.getKey());
                expired++;
            }
        }
        if (links.isEmpty() && newGaps.isEmpty() && closed.isEmpty()) {
            return 0;
        }
        try {
            store.commit(links, last, newGaps, closed);
        } catch (RuntimeException e) {
            heads = null; // another sealer may have moved on: reload before the next attempt
            throw e;
        }
        heads = next;
        if (expired > 0) {
            log.info("Ledger: {} global index gap(s) stayed empty for {} and are taken as rolled back", expired,
                    gapTimeout);
        }
        return links.size();
    }

    /** Publishes the checkpoints that are due (or, with {@code force}, every pending one); returns them. */
    public synchronized List<Checkpoint> checkpointDue(boolean force) {
        if (heads == null) {
            heads = store.heads();
        }
        Instant now = clock.instant();
        List<Checkpoint> published = new ArrayList<>();
        for (ChainLink head : heads.values()) {
            ChainId chain = head.chain();
            long done = checkpointed.computeIfAbsent(chain, checkpoints::lastCheckpointed);
            long pending = head.position() - done;
            Instant since = lastCheckpointAt.computeIfAbsent(chain, c -> now);
            boolean timeIsUp = force || !since.plus(checkpointInterval).isAfter(now);
            // Full checkpoints of checkpointEvery links; the remainder only when its time is up.
            while (pending >= checkpointEvery || (pending > 0 && timeIsUp)) {
                long last = done + Math.min(pending, checkpointEvery);
                Checkpoint checkpoint = signer.seal(store.links(chain, done + 1, last), now);
                checkpoints.publish(checkpoint);
                published.add(checkpoint);
                done = last;
                pending = head.position() - done;
                checkpointed.put(chain, done);
                lastCheckpointAt.put(chain, now);
            }
        }
        return published;
    }
}
