package io.custos.archive.export.api;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** An export request, scoped to its tenant: {@code <tenant>/<uuid>}. */
public record ExportId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._-]{1,64}/[0-9a-f-]{36}");

    public ExportId {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("an export id is <tenant>/<uuid>");
        }
    }

    public static ExportId newFor(String tenant) {
        return new ExportId(tenant + "/" + UUID.randomUUID());
    }

    public String tenant() {
        return value.substring(0, value.indexOf('/'));
    }

    /** Axon names the aggregate's stream by this. */
    @Override
    public String toString() {
        return value;
    }
}
