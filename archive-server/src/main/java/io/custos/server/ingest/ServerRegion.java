package io.custos.server.ingest;

import io.custos.archive.domain.RegionId;

/** The data-residency region this archive node serves; every ingest endpoint of the node belongs to it. */
public record ServerRegion(RegionId id) {
}
