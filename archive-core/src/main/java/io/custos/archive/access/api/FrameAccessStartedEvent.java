package io.custos.archive.access.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The first frame request of a window (one principal, one study, one purpose, a short time) was allowed.
 * Recorded synchronously before that first frame is sent, so the fact of access is durable before any pixel
 * leaves; {@link FrameAccessSummarizedEvent} with the same {@code windowId} later carries the counts.
 */
public record FrameAccessStartedEvent(String windowId, AccessActor actor, PurposeOfUse purpose, DisclosedStudy study,
                                      Instant openedAt) {
    public FrameAccessStartedEvent {
        Objects.requireNonNull(windowId, "windowId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(openedAt, "openedAt");
    }
}
