package io.custos.keys;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The unit a key-encryption key belongs to: one tenant in one region. Data never crosses scopes, so
 * neither do keys.
 */
public record KeyScope(String tenant, String region) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public KeyScope {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(region, "region");
        if (!NAME.matcher(tenant).matches() || !NAME.matcher(region).matches()) {
            throw new IllegalArgumentException("tenant and region must be lowercase [a-z0-9-], 1-63 chars");
        }
    }

    /** Stable label used as key alias and as associated data when wrapping. */
    public String label() {
        return tenant + "/" + region;
    }
}
