package io.custos.deidentify.dates;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shifting DA and DT values (PS3.5 6.2) by a {@link DateShift}. A DT keeps its time, fraction and UTC offset;
 * only its date part moves. Values that are not a full date (a DT of only a year or year and month, garbage)
 * cannot be shifted faithfully and yield empty: the caller removes them rather than keep them.
 */
public final class TemporalValues {

    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    /** DA, also the ACR-NEMA form yyyy.mm.dd that PS3.5 still mentions for reading. */
    private static final Pattern DATE = Pattern.compile("(\\d{4})\\.?(\\d{2})\\.?(\\d{2})");
    private static final Pattern DATE_TIME = Pattern.compile("(\\d{8})(\\d{0,6}(?:\\.\\d{1,6})?(?:[+-]\\d{4})?)");

    private TemporalValues() {
    }

    public static Optional<String> shiftDate(String value, DateShift shift) {
        Matcher m = DATE.matcher(value.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return parse(m.group(1) + m.group(2) + m.group(3)).map(d -> DA.format(shift.apply(d)));
    }

    public static Optional<String> shiftDateTime(String value, DateShift shift) {
        Matcher m = DATE_TIME.matcher(value.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return parse(m.group(1)).map(d -> DA.format(shift.apply(d)) + m.group(2));
    }

    private static Optional<LocalDate> parse(String yyyymmdd) {
        try {
            return Optional.of(LocalDate.parse(yyyymmdd, DA));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
