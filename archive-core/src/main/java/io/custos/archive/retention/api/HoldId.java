package io.custos.archive.retention.api;

import java.util.regex.Pattern;

/**
 * The reference of a legal hold, e.g. a litigation matter number. A short token rather than free text, so that
 * no patient detail ends up in an event that can never be erased.
 */
public record HoldId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public HoldId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("hold id must be 1-64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
