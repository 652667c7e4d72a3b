package io.custos.server.ingest;

import io.custos.archive.ingest.application.OrphanBlobSweeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the orphan sweeper once the application is ready, then at the configured interval. */
@Component
class OrphanSweepSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweepSchedule.class);

    private final OrphanBlobSweeper sweeper;
    private final IngestProperties properties;
    private ScheduledExecutorService executor;

    OrphanSweepSchedule(OrphanBlobSweeper sweeper, IngestProperties properties) {
        this.sweeper = sweeper;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void firstSweep() {
        if (executor != null) {
            executor.execute(this::sweep);
        }
    }

    private void sweep() {
        try {
            sweeper.sweep();
        } catch (Exception e) {
            log.error("Orphan blob sweep failed: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "orphan-sweeper");
            t.setDaemon(true);
            return t;
        });
        long interval = properties.orphanSweepInterval().toSeconds();
        executor.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }
}
