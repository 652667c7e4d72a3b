package io.custos.server.security;

import java.util.Objects;
import java.util.Set;

/**
 * The authenticated caller as controllers see it. Built only from a verified token: the tenant in
 * particular is never taken from a request parameter or header, so a caller cannot ask for another
 * tenant's data. A token without a tenant never yields a principal (the request is refused with 403).
 */
public record CustosPrincipal(String subject, String tenant, Set<Role> roles, Set<String> regions) {

    public CustosPrincipal {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject is required");
        }
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("tenant is required");
        }
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        regions = Set.copyOf(Objects.requireNonNull(regions, "regions"));
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }
}
