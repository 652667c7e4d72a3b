package io.custos.archive.residency;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which regions each tenant allows its data to live in. A tenant without an entry is allowed only the
 * regions in {@code unlisted} (by default the node's own region), so adding a region to a deployment never
 * silently opens it to every tenant.
 */
public final class ResidencyPolicy {

    private final Map<TenantId, Set<RegionId>> allowed;
    private final Set<RegionId> unlisted;

    public ResidencyPolicy(Map<TenantId, Set<RegionId>> allowed, Set<RegionId> unlisted) {
        this.allowed = Map.copyOf(Objects.requireNonNull(allowed, "allowed"));
        this.unlisted = Set.copyOf(Objects.requireNonNull(unlisted, "unlisted"));
    }

    public boolean allows(TenantId tenant, RegionId region) {
        return allowed.getOrDefault(tenant, unlisted).contains(region);
    }

    public Set<RegionId> regionsOf(TenantId tenant) {
        return allowed.getOrDefault(tenant, unlisted);
    }
}
