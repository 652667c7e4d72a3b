package io.custos.deidentify.secret;

import java.util.Objects;
import java.util.regex.Pattern;

/** A research project: the unit within which pseudonyms, remapped UIDs and date shifts stay consistent. */
public record ProjectId(String value) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public ProjectId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("project id must be lowercase [a-z0-9._-], 1-64 chars");
        }
    }

    /** Whether {@code value} names a project (checked where requests arrive, before anything is recorded). */
    public static boolean isValid(String value) {
        return value != null && NAME.matcher(value).matches();
    }
}
