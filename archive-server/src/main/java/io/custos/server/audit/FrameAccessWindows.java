package io.custos.server.audit;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.access.api.DisclosedStudy;
import io.custos.archive.access.api.FrameAccessStartedEvent;
import io.custos.archive.access.api.FrameAccessSummarizedEvent;
import io.custos.archive.access.api.PurposeOfUse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates frame requests per (tenant, subject, study, purpose) and short window, so a viewer fetching
 * thousands of frames writes two events, not thousands.
 *
 * <p>The fact of access is never aggregated: the first frame request of a window records a
 * {@link FrameAccessStartedEvent} synchronously, and {@link #open} returns only once it is durable, so no
 * frame is sent before its access is on record. The counts travel in a {@link FrameAccessSummarizedEvent}
 * when the window closes: after {@code windowLength}, and for every open window on shutdown. A crash loses
 * at most the counts of the windows open at that moment, never the fact that the study was accessed.
 *
 * <p>Usage by a frame endpoint: {@code window = open(...)} before writing, {@code window.served(...)} after.
 * A window that expires while requests are in flight closes when the last of them reports.
 */
final class FrameAccessWindows {

    private static final Logger LOG = LoggerFactory.getLogger(FrameAccessWindows.class);

    record Key(String tenant, String subject, String study, PurposeOfUse purpose) {
    }

    private final AccessRecorder recorder;
    private final Clock clock;
    private final Duration windowLength;
    private final Map<Key, Window> open = new ConcurrentHashMap<>();

    FrameAccessWindows(AccessRecorder recorder, Clock clock, Duration windowLength) {
        this.recorder = recorder;
        this.clock = clock;
        this.windowLength = windowLength;
    }

    /** The caller's current window for this study; records its start first if there is none. */
    Window open(AccessActor actor, PurposeOfUse purpose, DisclosedStudy study) {
        return open(actor, purpose, study.studyUid(), () -> study);
    }

    /**
     * As {@link #open(AccessActor, PurposeOfUse, DisclosedStudy)}, resolving the disclosed study (a lookup of
     * its patient) only when a window starts: the frame requests that join an open window, nearly all of a
     * viewer's, cost no lookup.
     */
    Window open(AccessActor actor, PurposeOfUse purpose, String studyUid, Supplier<DisclosedStudy> study) {
        Key key = new Key(actor.tenant(), actor.subject(), studyUid, purpose);
        while (true) {
            Window window = open.compute(key, (k, current) -> {
                if (current != null && !current.expired(clock.instant())) {
                    return current;
                }
                Window fresh = new Window(UUID.randomUUID().toString(), actor, purpose, study.get(),
                        clock.instant());
                // Inside compute: a second first request for the same key waits until this start is durable.
                recorder.record(new FrameAccessStartedEvent(fresh.id, actor, purpose, fresh.study, fresh.openedAt));
                if (current != null) {
                    current.retire();
                }
                return fresh;
            });
            if (window.enter()) {
                return window;
            }
        }
    }

    /** Closes the windows older than the window length (a periodic task). */
    void closeExpired() {
        Instant now = clock.instant();
        open.forEach((key, window) -> {
            if (window.expired(now) && open.remove(key, window)) {
                window.retire();
            }
        });
    }

    /** Closes every window with the counts so far (shutdown). */
    void closeAll() {
        List<Window> all = new ArrayList<>(open.values());
        open.clear();
        all.forEach(Window::closeNow);
    }

    int openWindows() {
        return open.size();
    }

    /** One window; its counters are guarded by its own monitor. */
    final class Window {
        private final String id;
        private final AccessActor actor;
        private final PurposeOfUse purpose;
        private final DisclosedStudy study;
        private final Instant openedAt;
        private int inFlight;
        private int requests;
        private int failed;
        private int frames;
        private long bytes;
        private boolean retired;
        private boolean summarized;

        private Window(String id, AccessActor actor, PurposeOfUse purpose, DisclosedStudy study, Instant openedAt) {
            this.id = id;
            this.actor = actor;
            this.purpose = purpose;
            this.study = study;
            this.openedAt = openedAt;
        }

        String id() {
            return id;
        }

        boolean expired(Instant now) {
            return !now.isBefore(openedAt.plus(windowLength));
        }

        private synchronized boolean enter() {
            if (retired) {
                return false;
            }
            inFlight++;
            return true;
        }

        /** Reports one frame request of this window once its response is written (or failed). */
        void served(int frameCount, long byteCount, boolean success) {
            boolean summarize;
            synchronized (this) {
                inFlight--;
                requests++;
                frames += frameCount;
                bytes += byteCount;
                if (!success) {
                    failed++;
                }
                summarize = retired && inFlight == 0 && !summarized;
                summarized |= summarize;
            }
            if (summarize) {
                summarize();
            }
        }

        private void retire() {
            boolean summarize;
            synchronized (this) {
                retired = true;
                summarize = inFlight == 0 && !summarized;
                summarized |= summarize;
            }
            if (summarize) {
                summarize();
            }
        }

        private void closeNow() {
            boolean summarize;
            synchronized (this) {
                retired = true;
                summarize = !summarized;
                summarized = true;
            }
            if (summarize) {
                summarize();
            }
        }

        private void summarize() {
            FrameAccessSummarizedEvent summary;
            synchronized (this) {
                summary = new FrameAccessSummarizedEvent(id, actor, purpose, study, openedAt, clock.instant(),
                        requests, frames, bytes, failed);
            }
            try {
                recorder.record(summary);
            } catch (RuntimeException e) {
                // The start is on record already; only the counts of this window are lost. No values logged.
                LOG.error("Could not record a frame window summary ({})", e.getClass().getName());
            }
        }
    }
}
