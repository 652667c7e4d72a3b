package io.custos.archive.access.api;

import java.util.Objects;

/**
 * Who accessed: the verified token's subject, its roles (claim spelling, comma-separated, sorted), the tenant
 * from the token, and the client address as the server saw it.
 */
public record AccessActor(String subject, String roles, String tenant, String clientAddress) {
    public AccessActor {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(tenant, "tenant");
    }
}
