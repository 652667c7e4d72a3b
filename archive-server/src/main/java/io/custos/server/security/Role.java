package io.custos.server.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * The roles Custos understands. {@link #claimValue()} is the spelling used in the token's roles claim
 * ({@code custos_roles} by default) and on the command line; enum names are for code only.
 */
public enum Role {
    CLINICIAN("clinician"),
    RESEARCHER("researcher"),
    DATA_STEWARD("data-steward"),
    AUDITOR("auditor"),
    TENANT_ADMIN("tenant-admin"),
    SERVICE("service");

    private final String claimValue;

    Role(String claimValue) {
        this.claimValue = claimValue;
    }

    public String claimValue() {
        return claimValue;
    }

    /** Spring Security authority name, so that {@code hasRole("CLINICIAN")} style checks also work. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** Unknown role strings map to empty: a role we do not know grants nothing. */
    public static Optional<Role> fromClaim(String value) {
        return Arrays.stream(values()).filter(r -> r.claimValue.equals(value)).findFirst();
    }
}
