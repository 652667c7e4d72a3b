package io.custos.archive.study.api;

import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.ingest.api.IngestSource;

/**
 * A byte-identical copy of a stored instance arrived again. Nothing new was stored; the event keeps
 * the fact that this actor sent it, because an audit trail answers "who sent what", not only "what is kept".
 */
public record InstanceReceivedAgainEvent(String studyId, TenantId tenant, SopInstanceUid sop, String sha256,
                                         IngestSource source) {
}
