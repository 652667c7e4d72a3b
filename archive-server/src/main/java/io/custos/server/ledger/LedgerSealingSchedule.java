package io.custos.server.ledger;

import io.custos.archive.ledger.LedgerSealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the sealer on one background thread: seal what is visible, publish the checkpoints that are due, copy them
 * to the configured mirrors (an object-lock bucket), wait {@code poll}, again. A failure (database unavailable, a racing sealer) is logged without content and retried
 * at the next tick; the cursor in PostgreSQL makes every tick resume exactly where the last commit left off.
 * On shutdown the remaining links are sealed and checkpointed.
 */
final class LedgerSealingSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LedgerSealingSchedule.class);

    private final LedgerSealer sealer;
    private final List<CheckpointMirror> mirrors;
    private final Duration poll;
    private ScheduledExecutorService executor;

    LedgerSealingSchedule(LedgerSealer sealer, List<CheckpointMirror> mirrors, Duration poll) {
        this.sealer = sealer;
        this.mirrors = List.copyOf(mirrors);
        this.poll = poll;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ledger-sealer");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> tick(false), poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    void tick(boolean force) {
        try {
            while (sealer.sealAvailable() > 0) {
                // drain what is visible before checkpointing
            }
            sealer.checkpointDue(force);
        } catch (RuntimeException e) {
            log.warn("Ledger sealing failed, retrying at the next tick: {}", e.getClass().getSimpleName());
        }
        // Apart from sealing: a mirror that is down delays its copies, never the local checkpoints.
        for (CheckpointMirror mirror : mirrors) {
            try {
                mirror.mirrorPending();
            } catch (CheckpointConflictException conflict) {
                log.error("Checkpoint publication stopped: {}", conflict.getMessage());
            } catch (RuntimeException e) {
                log.warn("Checkpoint publication failed, retrying at the next tick: {}",
                        e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tick(true);
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Stop before the DataSource closes (beans stop in descending phase order). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
