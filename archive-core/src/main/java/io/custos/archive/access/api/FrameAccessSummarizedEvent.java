package io.custos.archive.access.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Closes a frame window opened by {@link FrameAccessStartedEvent}: how many frame requests, frames and bytes
 * were served between {@code openedAt} and {@code closedAt}, and how many requests failed.
 */
public record FrameAccessSummarizedEvent(
        String windowId,
        AccessActor actor,
        PurposeOfUse purpose,
        DisclosedStudy study,
        Instant openedAt,
        Instant closedAt,
        int requests,
        int frames,
        long bytes,
        int failedRequests) {

    public FrameAccessSummarizedEvent {
        Objects.requireNonNull(windowId, "windowId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(closedAt, "closedAt");
    }
}
