package io.custos.archive.ledger;

import java.util.Objects;

/**
 * One hash chain: per tenant and region (an auditor proves one tenant's trail without seeing another's). Events
 * that name no tenant (a refused association, a request without a valid token) form the chain of the pseudo
 * tenant {@code -} in their region.
 */
public record ChainId(String tenant, String region) {

    public static final String UNATTRIBUTED = "-";

    public ChainId {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(region, "region");
    }

    public String label() {
        return tenant + "/" + region;
    }
}
