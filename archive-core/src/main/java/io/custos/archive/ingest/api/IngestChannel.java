package io.custos.archive.ingest.api;

/** How an object reached the archive. */
public enum IngestChannel {
    /** DICOM DIMSE C-STORE (PS3.4 Annex B). */
    DIMSE,
    /** DICOMweb STOW-RS (PS3.18 10.5). */
    STOW_RS
}
