package io.custos.server.export.job;

import io.custos.archive.export.api.ExportId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The export jobs of this node: a bounded pool (the event processor that hands exports over never waits for
 * one), at most one job per export at a time, and every export left APPROVED or RUNNING resumed: when the
 * archive is ready, and then periodically. Shutting down interrupts the running jobs between steps; nothing is
 * recorded as failed, and the next start resumes them.
 */
public final class ExportJobs implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    /** The exports an earlier run left APPROVED or RUNNING (from the status store). */
    @FunctionalInterface
    public interface UnfinishedExports {
        List<ExportId> list();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ExportJobs.class);

    private final ExportJob job;
    private final UnfinishedExports unfinished;
    private final ThreadPoolExecutor pool;
    private final Set<ExportId> queuedOrRunning = ConcurrentHashMap.newKeySet();
    private final Duration resumeInterval;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "export-job-resume");
        t.setDaemon(true);
        return t;
    });

    ExportJobs(ExportJob job, UnfinishedExports unfinished, int threads, int queue, Duration resumeInterval) {
        this.job = job;
        this.unfinished = unfinished;
        this.resumeInterval = resumeInterval;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "export-job-" + n.incrementAndGet());
                    t.setDaemon(false);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs the export in the background unless it is already queued or running here. A full queue leaves it for
     * the next resumption sweep (it stays APPROVED or RUNNING). Also the way to start a FAILED export again.
     *
     * @return whether it was queued now
     */
    public boolean submit(ExportId id) {
        if (pool.isShutdown() || !queuedOrRunning.add(id)) {
            return false;
        }
        try {
            pool.execute(() -> {
                try {
                    job.run(id);
                } catch (RuntimeException e) {
                    LOG.error("export {}: job ended with {}", id, e.getClass().getName());
                } finally {
                    queuedOrRunning.remove(id);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            queuedOrRunning.remove(id);
            LOG.warn("export {}: job queue full, left for the next start", id);
            return false;
        }
    }

    /**
     * Exports an earlier run left APPROVED or RUNNING are resumed now, and the status table is looked at again
     * every {@code resumeInterval}: an approval whose processor token was stored before its status row (a crash
     * between the two processors), or one turned away by a full queue, is picked up there.
     */
    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        resumeUnfinished();
        if (!resumeInterval.isZero() && !resumeInterval.isNegative()) {
            sweeper.scheduleWithFixedDelay(this::resumeUnfinished, resumeInterval.toMillis(),
                    resumeInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void resumeUnfinished() {
        try {
            int queued = 0;
            for (ExportId id : unfinished.list()) {
                if (submit(id)) {
                    queued++;
                }
            }
            if (queued > 0) {
                LOG.info("resumed {} export(s) left approved or running", queued);
            }
        } catch (RuntimeException e) {
            LOG.warn("export status not readable for resumption ({})", e.getClass().getSimpleName());
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        sweeper.shutdownNow();
        job.stop();
        pool.shutdownNow();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("export jobs still running at shutdown");
        }
    }
}
