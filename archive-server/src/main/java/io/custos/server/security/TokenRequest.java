package io.custos.server.security;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/** What to put in a token minted by the embedded issuer. */
public record TokenRequest(String subject, Set<Role> roles, String tenant, Set<String> regions, Duration ttl) {

    public TokenRequest {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject is required");
        }
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("tenant is required");
        }
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("at least one role is required");
        }
        regions = Set.copyOf(Objects.requireNonNull(regions, "regions"));
        if (regions.isEmpty() || regions.stream().anyMatch(r -> r == null || r.isBlank())) {
            throw new IllegalArgumentException("at least one non-blank region is required");
        }
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        if (ttl.compareTo(TokenMinter.MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must not exceed " + TokenMinter.MAX_TTL);
        }
    }
}
