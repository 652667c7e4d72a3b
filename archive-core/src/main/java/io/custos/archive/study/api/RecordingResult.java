package io.custos.archive.study.api;

/** The study's decision on a {@link RecordInstanceCommand}. */
public enum RecordingResult {
    STORED,
    ALREADY_STORED,
    CONFLICT,
    /** The study lives in another region (residency); nothing recorded as stored. */
    OTHER_REGION,
    /** The study was deleted; a deleted study takes no new instances. */
    DELETED
}
