package io.custos.archive.ingest.api;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;

import java.util.Objects;

/** Where an object is to be stored and who sends it. The tenant comes from the AE mapping or the token. */
public record IngestRequest(TenantId tenant, RegionId region, IngestSource source) {
    public IngestRequest {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(source, "source");
    }
}
