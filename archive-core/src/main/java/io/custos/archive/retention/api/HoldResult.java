package io.custos.archive.retention.api;

/** What a hold command changed: placing or releasing the same hold twice is harmless and recorded once. */
public enum HoldResult {
    PLACED,
    ALREADY_PLACED,
    RELEASED,
    NOT_PLACED,
    /** The study has been deleted; holds no longer apply to it. */
    STUDY_DELETED
}
