package io.custos.archive.access.api;

import java.util.Objects;

/**
 * One key of a search. Attribute values may be PHI (PatientName, PatientID…), so only a keyed hash of the
 * value is kept ({@code valueHash}); {@code value} is set only for paging and presentation parameters
 * (limit, offset, includefield, fuzzymatching) and for the audit API's own non-PHI parameters.
 */
public record QueryKey(String key, String value, String valueHash) {
    public QueryKey {
        Objects.requireNonNull(key, "key");
    }
}
