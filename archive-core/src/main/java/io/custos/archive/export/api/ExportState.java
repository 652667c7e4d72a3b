package io.custos.archive.export.api;

/** Where an export request stands. */
public enum ExportState {
    REQUESTED, APPROVED, REJECTED, RUNNING, COMPLETED, FAILED
}
