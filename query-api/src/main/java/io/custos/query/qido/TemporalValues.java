package io.custos.query.qido;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalises DA, TM and DT values (PS3.5 6.2) to fixed-width strings that compare in time order, for
 * range matching (PS3.4 C.2.2.2.5). Missing trailing components are zero-filled.
 */
final class TemporalValues {

    private static final Pattern DA = Pattern.compile("[0-9]{8}");
    private static final Pattern TM = Pattern.compile("[0-9]{2}([0-9]{2}([0-9]{2}(\\.[0-9]{1,6})?)?)?");
    private static final Pattern DT = Pattern.compile("[0-9]{4}([0-9]{2}([0-9]{2}([0-9]{2}([0-9]{2}([0-9]{2}"
            + "(\\.[0-9]{1,6})?)?)?)?)?)?([+-][0-9]{4})?");

    private TemporalValues() {
    }

    static boolean isValid(String vr, String value) {
        return normalise(vr, value).isPresent();
    }

    static Optional<String> normalise(String vr, String raw) {
        String v = raw.strip();
        switch (vr) {
            case "DA":
                return DA.matcher(v).matches() ? Optional.of(v) : Optional.empty();
            case "TM":
                // Legacy ACR-NEMA "HH:MM:SS" is still seen in the wild (PS3.5 6.2 note).
                v = v.replace(":", "");
                return TM.matcher(v).matches() ? Optional.of(padTime(v)) : Optional.empty();
            case "DT":
                if (!DT.matcher(v).matches()) {
                    return Optional.empty();
                }
                String local = v.replaceFirst("[+-][0-9]{4}$", "");
                String date = local.length() >= 8 ? local.substring(0, 8) : (local + "00000000").substring(0, 8);
                if (local.length() < 8) {
                    // A year or year-month alone means its start: month and day 01.
                    date = local.length() == 4 ? local + "0101" : local.length() == 6 ? local + "01" : date;
                }
                String time = local.length() > 8 ? local.substring(8) : "00";
                return Optional.of(date + padTime(time));
            default:
                return Optional.empty();
        }
    }

    private static String padTime(String t) {
        String whole = t.contains(".") ? t.substring(0, t.indexOf('.')) : t;
        String fraction = t.contains(".") ? t.substring(t.indexOf('.') + 1) : "";
        return (whole + "000000").substring(0, 6) + "." + (fraction + "000000").substring(0, 6);
    }
}
