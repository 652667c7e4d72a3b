package io.custos.archive.retention.application;

import io.custos.archive.domain.TenantId;

import java.util.Map;
import java.util.Objects;

/** Each tenant's retention policy, and the one that applies to tenants configured without one. */
public record RetentionPolicies(Map<TenantId, RetentionPolicy> byTenant, RetentionPolicy fallback) {

    public RetentionPolicies {
        byTenant = Map.copyOf(Objects.requireNonNull(byTenant, "byTenant"));
        Objects.requireNonNull(fallback, "fallback");
    }

    public RetentionPolicy of(TenantId tenant) {
        return byTenant.getOrDefault(tenant, fallback);
    }
}
