package io.custos.server.ledger;

import io.custos.archive.ledger.ChainAssigner;
import io.custos.archive.ledger.ChainId;
import io.custos.archive.ledger.StoredEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an event's chain from its stored JSON payload: the tenant from {@code tenant} (a string or a
 * {@code {"value": …}} identifier) or {@code actor.tenant}, the region from {@code region} or else this node's
 * region. Events that name no tenant (refused associations, requests without a valid token) go to the
 * {@value ChainId#UNATTRIBUTED} chain. Only identifiers are read, never PHI (which is sealed anyway).
 */
final class PayloadChainAssigner implements ChainAssigner {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String nodeRegion;

    PayloadChainAssigner(String nodeRegion) {
        this.nodeRegion = nodeRegion;
    }

    @Override
    public ChainId chainOf(StoredEvent event) {
        JsonNode payload;
        try {
            payload = JSON.readTree(event.payload());
        } catch (RuntimeException notJson) {
            return new ChainId(ChainId.UNATTRIBUTED, nodeRegion);
        }
        String tenant = identifier(payload.path("tenant"));
        if (tenant == null) {
            tenant = identifier(payload.path("actor").path("tenant"));
        }
        String region = identifier(payload.path("region"));
        return new ChainId(tenant == null ? ChainId.UNATTRIBUTED : tenant, region == null ? nodeRegion : region);
    }

    private static String identifier(JsonNode node) {
        if (node.isString() && !node.asString().isBlank()) {
            return node.asString();
        }
        if (node.isObject() && node.path("value").isString()) {
            return node.path("value").asString();
        }
        return null;
    }
}
