package io.custos.archive.domain;

import java.util.regex.Pattern;

/** A tenant (a hospital or group). Always taken from a token or an AE mapping, never from a request parameter. */
public record TenantId(String value) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public TenantId {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("tenant id must be lowercase [a-z0-9-], 1-63 chars");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
