package io.custos.deidentify.profile;

/**
 * What happens to one attribute, resolved from a PS3.15 E.1.1 action code.
 *
 * <p>The combined codes leave the choice to the IOD's attribute type (X/Z: "X unless Z is required", ...).
 * Custos does not know each attribute's type in each IOD, so it resolves a combination to its last letter, the
 * choice that keeps every IOD conformant: X/Z to Z, X/D, Z/D and X/Z/D to D, X/Z/U* to U. None of these
 * keeps identifying content: a Z is empty, a D is a fixed dummy (or a shifted date, a remapped UID, a cleaned
 * sequence), a U is a remapped UID.
 */
public enum Action {
    /** X: remove. */
    REMOVE,
    /** Z: replace with a zero-length value (an empty sequence for SQ). */
    EMPTY,
    /** D: replace with a non-zero-length dummy value; a sequence's items are de-identified recursively. */
    DUMMY,
    /** K: keep; a sequence's items are de-identified recursively (PS3.15 E.1.1). */
    KEEP,
    /** C: clean, i.e. replace with a value of similar meaning known not to identify. */
    CLEAN,
    /** U: replace with a UID consistent across the de-identified set; in a sequence, its UIDs. */
    REMAP_UID;

    /** Resolves a table code such as {@code X/Z/D} or {@code X/Z/U*}. */
    public static Action fromCode(String code) {
        String last = code.substring(code.lastIndexOf('/') + 1).replace("*", "");
        return switch (last) {
            case "X" -> REMOVE;
            case "Z" -> EMPTY;
            case "D" -> DUMMY;
            case "K" -> KEEP;
            case "C" -> CLEAN;
            case "U" -> REMAP_UID;
            default -> throw new IllegalArgumentException("unknown PS3.15 action code " + code);
        };
    }
}
