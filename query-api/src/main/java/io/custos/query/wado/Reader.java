package io.custos.query.wado;

import io.custos.archive.domain.TenantId;
import java.util.Objects;
import java.util.Set;

/** The authenticated caller of a WADO-RS request: token subject, roles (claim spelling), tenant. */
public record Reader(String subject, Set<String> roles, TenantId tenant) {
    public Reader {
        Objects.requireNonNull(subject, "subject");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(tenant, "tenant");
    }
}
