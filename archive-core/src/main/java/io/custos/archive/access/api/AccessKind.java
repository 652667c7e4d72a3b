package io.custos.archive.access.api;

/** Which read service disclosed data: DICOMweb resources (PS3.18) and the audit API itself. */
public enum AccessKind {
    /** QIDO-RS search (PS3.18 10.6). */
    QIDO_SEARCH,
    /** WADO-RS retrieve of instances (PS3.18 10.4, multipart application/dicom). */
    WADO_INSTANCES,
    /** WADO-RS metadata (DICOM JSON). */
    WADO_METADATA,
    /** WADO-RS frames; recorded per window (see {@link FrameAccessStartedEvent}). */
    WADO_FRAMES,
    /** WADO-RS bulk data. */
    WADO_BULKDATA,
    /** WADO-RS rendered or thumbnail. */
    WADO_RENDERED,
    /** The audit API: an auditor's own query. */
    AUDIT_REPORT
}
