package io.custos.archive.ingest.api;

/**
 * The ingest port every edge (C-STORE SCP, STOW-RS) calls once per received object. It validates,
 * encrypts and stores the bytes, records the event, and returns only when the outcome is durable.
 * It never throws for bad input: refusals are outcomes, and are audited.
 */
public interface InstanceIngest {

    IngestOutcome ingest(IngestRequest request, byte[] part10Bytes);
}
