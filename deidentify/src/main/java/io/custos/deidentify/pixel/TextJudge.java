package io.custos.deidentify.pixel;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import io.custos.deidentify.header.IdentifyingValues;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which OCR words identify, for one source instance. A word is redacted when
 * <ol>
 *   <li>it matches an identifying header value of the same instance ({@link IdentifyingValues}: every person
 *   name component in every component group, patient and other IDs, issuer, accession number, institution,
 *   station, ...; plus the patient's birth date and the study, series, acquisition and content dates in the
 *   usual written forms, and the study time), case-insensitively, each alphanumeric part of the word against
 *   each part of the values, allowing one edit for parts of four or more characters (OCR misreads a letter
 *   more often than a whole word); or</li>
 *   <li>it looks like a date ({@code 18.04.1962}, {@code 04/18/62}, {@code 18-Apr-1962}), holds a run of four
 *   or more digits (IDs, years, phone numbers), mixes letters and digits (MRNs, accession numbers) other than a
 *   number with a unit ({@code 5mm}, {@code 120kV}) or a window value ({@code W:400}), joins two words the way
 *   person names are written ({@code DOE^JOHN}, also as OCR misreads the caret), or is a word with a comma
 *   followed by another word on the same line ({@code DOE, John}).</li>
 * </ol>
 * The shape rules (2) need a confidence above {@value #MIN_SHAPE_CONFIDENCE}: at zero confidence Tesseract
 * reports fragments of edges and noise ("27a)", "S77EE)" along a blacked-out box) that would otherwise refuse
 * clean images in the verification pass; a header value (1) matches at any confidence. Boxes lower than
 * {@value #MIN_HEIGHT} pixels (of the image read) are edges, not glyphs, and are ignored.
 *
 * <p>Everything else stays, on purpose: orientation letters, scale and technique ("5 mm", "kV", "W/L"), labels
 * that matter to the research use of the image. Redacting every piece of text would also black out what OCR
 * reads from anatomy (it returns fragments like "qe" or "|" from edges). The residual risk is a name that appears
 * burned in but in no header attribute of the instance; site layouts known to carry such banners belong in
 * {@link LocationRules}, which black out a whole band whatever is read there.
 */
final class TextJudge {

    private static final Pattern NON_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern DIGITS4 = Pattern.compile("\\d{4,}");
    private static final Pattern DATE = Pattern.compile(
            "\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}|\\d{1,2}[-/. ]?(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                    + "[a-z]*[-/. ]?\\d{2,4}");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");
    private static final Pattern DIGIT = Pattern.compile("\\p{N}");
    /** Numbers with a unit, window values and a few imaging terms: letters and digits that say nothing of anyone. */
    private static final Pattern HARMLESS_MIX = Pattern.compile(
            "[-+]?\\d+([.,]\\d+)?(mm|cm|m|kv|kvp|ma|mas|ms|s|sec|hz|khz|mhz|db|fps|bpm|deg|x|%|mm/s|cm/s|cm2|mm2|ml)"
                    + "|(w|l|c|wl|ww|wc)[:=]?-?\\d+|[234]d|t[12]w?|[a-z]\\d", Pattern.CASE_INSENSITIVE);
    /** Two words joined as in DICOM person names, with the separators OCR reads a caret as. */
    private static final Pattern NAME_FORM = Pattern.compile("\\p{L}{2,}[\\^*~“”\"'`_=]+\\p{L}{2,}.*");
    private static final Pattern COMMA_WORD = Pattern.compile("\\p{L}{2,},");
    private static final List<AttributeTag> DATES = List.of(TagFromName.PatientBirthDate, TagFromName.StudyDate,
            TagFromName.SeriesDate, TagFromName.AcquisitionDate, TagFromName.ContentDate);
    private static final List<AttributeTag> TIMES = List.of(TagFromName.StudyTime, TagFromName.SeriesTime,
            TagFromName.AcquisitionTime, TagFromName.ContentTime);
    private static final List<DateTimeFormatter> DATE_FORMS = List.of("yyyyMMdd", "yyyy-MM-dd", "yyyy/MM/dd",
            "yyyy.MM.dd", "dd/MM/yyyy", "dd.MM.yyyy", "dd-MM-yyyy", "MM/dd/yyyy", "MM-dd-yyyy", "dd/MM/yy",
            "MM/dd/yy", "dd.MM.yy", "dd-MMM-yyyy", "dd MMM yyyy", "ddMMMyyyy", "MMM dd yyyy").stream()
            .map(p -> DateTimeFormatter.ofPattern(p, Locale.ENGLISH)).toList();

    static final float MIN_SHAPE_CONFIDENCE = 10;
    static final int MIN_HEIGHT = 6;

    private final Set<String> parts;
    private final Set<String> wholes;

    private TextJudge(Set<String> parts, Set<String> wholes) {
        this.parts = parts;
        this.wholes = wholes;
    }

    /** The judge for text burned into {@code source}'s pixels; holds PHI, never log it. */
    static TextJudge of(AttributeList source) {
        Set<String> values = new HashSet<>(IdentifyingValues.of(source));
        // Dates and times match as a whole only: their parts ("04", "18", "Apr") say nothing alone.
        Set<String> temporal = new HashSet<>();
        for (AttributeTag tag : DATES) {
            String value = first(source, tag);
            if (value.length() >= 8) {
                try {
                    LocalDate date = LocalDate.parse(value.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
                    DATE_FORMS.forEach(form -> temporal.add(form.format(date)));
                } catch (DateTimeParseException e) {
                    temporal.add(value);
                }
            }
        }
        for (AttributeTag tag : TIMES) {
            String value = first(source, tag);
            if (value.length() >= 4 && value.substring(0, 4).chars().allMatch(Character::isDigit)) {
                temporal.add(value.substring(0, 2) + ":" + value.substring(2, 4));
                if (value.length() >= 6) {
                    temporal.add(value.substring(0, 2) + ":" + value.substring(2, 4) + ":" + value.substring(4, 6));
                }
            }
        }
        Set<String> parts = new HashSet<>();
        Set<String> wholes = new HashSet<>();
        for (String value : temporal) {
            wholes.add(NON_ALNUM.matcher(value.toLowerCase(Locale.ROOT)).replaceAll(""));
        }
        for (String value : values) {
            String lower = value.toLowerCase(Locale.ROOT);
            String whole = NON_ALNUM.matcher(lower).replaceAll("");
            if (whole.length() >= 2) {
                wholes.add(whole);
            }
            for (String part : NON_ALNUM.split(lower)) {
                if (part.length() >= 2) {
                    parts.add(part);
                }
            }
        }
        return new TextJudge(Set.copyOf(parts), Set.copyOf(wholes));
    }

    /** For each word, whether it identifies; words of one frame in reading order. */
    boolean[] identifying(List<OcrWord> words) {
        boolean[] result = new boolean[words.size()];
        for (int i = 0; i < words.size(); i++) {
            OcrWord word = words.get(i);
            if (word.height() < MIN_HEIGHT) {
                continue;
            }
            if (matchesValue(word.text())
                    || (word.confidence() > MIN_SHAPE_CONFIDENCE && looksIdentifying(word.text()))) {
                result[i] = true;
            }
            // "DOE, John": a word ending in a comma, then a word on the same line.
            if (i + 1 < words.size() && word.confidence() > MIN_SHAPE_CONFIDENCE && COMMA_WORD.matcher(word.text()).matches()
                    && words.get(i + 1).line() == word.line() && LETTER.matcher(words.get(i + 1).text()).lookingAt()) {
                result[i] = true;
                result[i + 1] = true;
            }
        }
        return result;
    }

    /** Whether {@code text} identifies, by value or by shape (confidence aside). */
    boolean identifies(String text) {
        return matchesValue(text) || looksIdentifying(text);
    }

    /** A date, a long number, a letter-digit mix that is no measurement, or a person name written DICOM-style. */
    static boolean looksIdentifying(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (DATE.matcher(lower).find() || DIGITS4.matcher(lower).find() || NAME_FORM.matcher(text).matches()) {
            return true;
        }
        String stripped = lower.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}%]+$", "");
        return LETTER.matcher(stripped).find() && DIGIT.matcher(stripped).find()
                && !HARMLESS_MIX.matcher(stripped).matches();
    }

    /** Matches an identifying header value of the instance (one edit allowed from four characters). */
    boolean matchesValue(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        String whole = NON_ALNUM.matcher(lower).replaceAll("");
        if (whole.length() >= 2 && matches(whole, wholes)) {
            return true;
        }
        for (String part : NON_ALNUM.split(lower)) {
            if (part.length() >= 2 && matches(part, parts)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String candidate, Set<String> known) {
        if (known.contains(candidate)) {
            return true;
        }
        for (String value : known) {
            if (value.length() >= 4 && candidate.length() >= 4) {
                if (Math.abs(value.length() - candidate.length()) <= 1 && withinOneEdit(candidate, value)) {
                    return true;
                }
                // OCR joins neighbours ("IDDOE"): a known value of four or more inside the word.
                if (candidate.length() > value.length() && candidate.contains(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Levenshtein distance ≤ 1. */
    static boolean withinOneEdit(String a, String b) {
        if (a.length() > b.length()) {
            return withinOneEdit(b, a);
        }
        if (b.length() - a.length() > 1) {
            return false;
        }
        int i = 0;
        while (i < a.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i == a.length()) {
            return true;
        }
        return a.length() == b.length()
                ? a.substring(i + 1).equals(b.substring(i + 1))
                : a.substring(i).equals(b.substring(i + 1));
    }

    private static String first(AttributeList list, AttributeTag tag) {
        Attribute attribute = list.get(tag);
        if (attribute == null) {
            return "";
        }
        try {
            String[] values = attribute.getStringValues();
            return values == null || values.length == 0 || values[0] == null ? "" : values[0].strip();
        } catch (DicomException e) {
            return "";
        }
    }
}
