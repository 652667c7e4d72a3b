package io.custos.archive.study.api;

/** The study's decision on a {@link RecordInstanceCommand}. */
public enum RecordingResult {
    STORED,
    ALREADY_STORED,
    CONFLICT
}
