package io.custos.archive.domain;

import java.util.regex.Pattern;

/** A data-residency region: blobs, keys and projections of a study live in exactly one. */
public record RegionId(String value) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public RegionId {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("region id must be lowercase [a-z0-9-], 1-63 chars");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
