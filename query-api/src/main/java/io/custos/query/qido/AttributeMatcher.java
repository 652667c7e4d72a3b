package io.custos.query.qido;

import io.custos.query.dicom.DicomAttribute;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One matching key of a query, evaluated per PS3.4 C.2.2.2. Built by {@link MatcherFactory}; pure, no I/O.
 *
 * <p>Common rule (C.2.2.2): an attribute that is absent or empty in the index matches only universal
 * matching. A multi-valued attribute (e.g. ModalitiesInStudy) matches when any of its values matches.
 */
public sealed interface AttributeMatcher {

    /** The tag this key matches on. */
    int tag();

    boolean matches(Optional<DicomAttribute> stored);

    /** C.2.2.2.3 universal matching: an empty value (or a lone "*") matches everything. */
    record Universal(int tag) implements AttributeMatcher {
        @Override
        public boolean matches(Optional<DicomAttribute> stored) {
            return true;
        }
    }

    /**
     * C.2.2.2.1 single value matching and C.2.2.2.2 list of UID matching (generalised to CS lists such as
     * ModalitiesInStudy=CT\MR): equal to any of the values. For PN the comparison is case-insensitive and
     * is tried against the whole name and each component group (see README: a common-practice choice).
     */
    record AnyOf(int tag, Set<String> values, boolean personName) implements AttributeMatcher {
        public AnyOf {
            values = Set.copyOf(values);
        }

        @Override
        public boolean matches(Optional<DicomAttribute> stored) {
            if (stored.isEmpty() || stored.get().isEmpty()) {
                return false;
            }
            for (String v : stored.get().values()) {
                for (String candidate : personName ? PersonNames.forms(v) : List.of(v)) {
                    for (String wanted : values) {
                        if (personName ? candidate.equalsIgnoreCase(wanted) : candidate.equals(wanted)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "AnyOf[" + String.format("%08X", tag) + ", " + values.size() + " value(s)]";
        }
    }

    /** C.2.2.2.4 wildcard matching: "*" any run of characters, "?" exactly one. PN case-insensitive. */
    record Wildcard(int tag, Pattern pattern, boolean personName) implements AttributeMatcher {
        static Wildcard of(int tag, String value, boolean personName) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (char c : value.toCharArray()) {
                if (c == '*' || c == '?') {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                    regex.append(c == '*' ? ".*" : ".");
                } else {
                    literal.append(c);
                }
            }
            regex.append(Pattern.quote(literal.toString()));
            int flags = Pattern.DOTALL | (personName ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
            return new Wildcard(tag, Pattern.compile(regex.toString(), flags), personName);
        }

        @Override
        public boolean matches(Optional<DicomAttribute> stored) {
            if (stored.isEmpty() || stored.get().isEmpty()) {
                return false;
            }
            for (String v : stored.get().values()) {
                for (String candidate : personName ? PersonNames.forms(v) : List.of(v)) {
                    if (pattern.matcher(candidate).matches()) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "Wildcard[" + String.format("%08X", tag) + "]";
        }
    }

    /**
     * C.2.2.2.5 range matching for DA, TM and DT: inclusive bounds, either one may be open. Values are
     * compared in a normalised, zero-padded form so that "1200" and "120000" are the same time.
     */
    record Range(int tag, String vr, Optional<String> lower, Optional<String> upper) implements AttributeMatcher {
        @Override
        public boolean matches(Optional<DicomAttribute> stored) {
            if (stored.isEmpty() || stored.get().isEmpty()) {
                return false;
            }
            for (String v : stored.get().values()) {
                Optional<String> value = TemporalValues.normalise(vr, v);
                if (value.isPresent()
                        && lower.map(l -> value.get().compareTo(l) >= 0).orElse(true)
                        && upper.map(u -> value.get().compareTo(u) <= 0).orElse(true)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "Range[" + String.format("%08X", tag) + "]";
        }
    }

    /** Single value matching for IS (SeriesNumber, InstanceNumber): numeric equality, so "007" equals "7". */
    record IntegerAnyOf(int tag, Set<Long> values) implements AttributeMatcher {
        public IntegerAnyOf {
            values = Set.copyOf(values);
        }

        @Override
        public boolean matches(Optional<DicomAttribute> stored) {
            if (stored.isEmpty() || stored.get().isEmpty()) {
                return false;
            }
            for (String v : stored.get().values()) {
                try {
                    if (values.contains(Long.parseLong(v.strip().replaceFirst("^\\+", "")))) {
                        return true;
                    }
                } catch (NumberFormatException malformed) {
                    // a malformed stored value never matches a number
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "IntegerAnyOf[" + String.format("%08X", tag) + "]";
        }
    }

    /** Person name forms a PN key is compared with. */
    final class PersonNames {
        private PersonNames() {
        }

        /** The whole value without trailing empty components, then each non-empty component group. */
        static List<String> forms(String pn) {
            String whole = trimComponents(pn);
            String[] groups = pn.split("=", -1);
            if (groups.length == 1) {
                return List.of(whole);
            }
            java.util.ArrayList<String> forms = new java.util.ArrayList<>();
            forms.add(whole);
            for (String g : groups) {
                if (!g.isEmpty()) {
                    forms.add(trimComponents(g));
                }
            }
            return forms;
        }

        private static String trimComponents(String s) {
            int end = s.length();
            while (end > 0 && (s.charAt(end - 1) == '^' || s.charAt(end - 1) == '=')) {
                end--;
            }
            return s.substring(0, end);
        }
    }
}
