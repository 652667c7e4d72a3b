package io.custos.query.qido;

import io.custos.archive.domain.TenantId;

/** Runs a validated QIDO-RS search within one tenant. */
public interface QidoSearch {
    QidoResult search(TenantId tenant, QidoQuery query);
}
