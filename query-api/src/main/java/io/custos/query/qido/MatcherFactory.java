package io.custos.query.qido;

import io.custos.query.dicom.DicomTags;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the values of one query key into a matcher, choosing the PS3.4 C.2.2.2 matching type from the VR
 * and the value's form, and rejecting values that cannot be matched (400, without echoing them).
 */
final class MatcherFactory {

    private MatcherFactory() {
    }

    /**
     * @param values every occurrence of the key in the request; more than one is a list (PS3.18 8.3.4.1 allows
     *               repeating a UID key, and a comma-separated UID list)
     */
    static AttributeMatcher create(int tag, String vr, List<String> values) {
        String name = DicomTags.keyword(tag);
        if (values.size() == 1 && (values.get(0).isEmpty() || values.get(0).equals("*"))) {
            return new AttributeMatcher.Universal(tag);
        }
        boolean listAllowed = vr.equals("UI") || vr.equals("CS");
        Set<String> items = new LinkedHashSet<>();
        for (String v : values) {
            if (listAllowed) {
                for (String item : v.split("[,\\\\]")) {
                    items.add(item.strip());
                }
            } else {
                items.add(v);
            }
        }
        if (items.contains("")) {
            throw new InvalidQueryException(name + ": empty item in a value list");
        }
        if (items.size() > 1 && !listAllowed) {
            throw new InvalidQueryException(name + ": only one value may be given for this attribute");
        }
        switch (vr) {
            case "UI":
                if (items.stream().anyMatch(u -> !io.custos.archive.domain.DicomUid.isValid(u))) {
                    throw new InvalidQueryException(name + ": not a valid UID or UID list (PS3.5 9.1)");
                }
                return new AttributeMatcher.AnyOf(tag, items, false);
            case "DA", "TM", "DT":
                return temporal(tag, vr, name, items.iterator().next());
            case "IS":
                return integer(tag, name, items);
            case "PN":
            default:
                String value = items.iterator().next();
                boolean pn = vr.equals("PN");
                if (items.size() == 1 && (value.contains("*") || value.contains("?"))) {
                    return AttributeMatcher.Wildcard.of(tag, value, pn);
                }
                if (items.stream().anyMatch(i -> i.contains("*") || i.contains("?"))) {
                    throw new InvalidQueryException(name + ": wildcards are not allowed in a value list");
                }
                return new AttributeMatcher.AnyOf(tag, items, pn);
        }
    }

    private static AttributeMatcher temporal(int tag, String vr, String name, String value) {
        int dash = value.indexOf('-');
        // For DT a '-' may also be a UTC offset sign; a range always has its dash outside an offset suffix.
        if (vr.equals("DT") && dash > 0 && value.substring(dash).matches("-[0-9]{4}")) {
            dash = -1;
        }
        if (dash < 0) {
            Optional<String> exact = TemporalValues.normalise(vr, value);
            if (exact.isEmpty()) {
                throw new InvalidQueryException(name + ": not a valid " + vr + " value (PS3.5 6.2)");
            }
            return new AttributeMatcher.Range(tag, vr, exact, exact);
        }
        String low = value.substring(0, dash);
        String high = value.substring(dash + 1);
        if (low.isEmpty() && high.isEmpty()) {
            throw new InvalidQueryException(name + ": a range needs at least one bound");
        }
        Optional<String> lower = bound(vr, name, low);
        Optional<String> upper = bound(vr, name, high);
        if (lower.isPresent() && upper.isPresent() && lower.get().compareTo(upper.get()) > 0) {
            throw new InvalidQueryException(name + ": range lower bound is after its upper bound");
        }
        return new AttributeMatcher.Range(tag, vr, lower, upper);
    }

    private static Optional<String> bound(String vr, String name, String raw) {
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> v = TemporalValues.normalise(vr, raw);
        if (v.isEmpty()) {
            throw new InvalidQueryException(name + ": not a valid " + vr + " range (PS3.4 C.2.2.2.5)");
        }
        return v;
    }

    private static AttributeMatcher integer(int tag, String name, Set<String> items) {
        Set<Long> numbers = new LinkedHashSet<>();
        for (String i : items) {
            try {
                numbers.add(Long.parseLong(i.strip()));
            } catch (NumberFormatException e) {
                throw new InvalidQueryException(name + ": not a valid integer (IS)");
            }
        }
        return new AttributeMatcher.IntegerAnyOf(tag, numbers);
    }
}
