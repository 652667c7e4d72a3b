package io.custos.query.dicom;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes datasets as the DICOM JSON Model of PS3.18 Annex F. PixelMed's own JSON deviates from it (lowercase
 * keys, IS/DS as strings), so responses are produced here:
 * <ul>
 *   <li>F.2.1.1: keys are the tag as 8 uppercase hex digits; each value object has "vr" and, only when the
 *       attribute has a value, "Value" (an empty attribute carries no "Value").</li>
 *   <li>F.2.2: PN values are objects with "Alphabetic", "Ideographic" and "Phonetic" members, present only
 *       for non-empty component groups.</li>
 *   <li>F.2.3: IS and DS are JSON numbers; AT is an 8-hex string; an empty value inside a multi-valued
 *       attribute is null.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class DicomJsonWriter {

    /** RFC 8259 number grammar: a DS already in this form is written verbatim, keeping its precision. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final String[] PN_GROUPS = {"Alphabetic", "Ideographic", "Phonetic"};
    private static final Set<String> FREE_TEXT_VRS = Set.of("ST", "LT", "UT");

    private final JsonFactory factory = new JsonFactory();

    /** A QIDO response body: a JSON array of datasets (PS3.18 F.2). */
    public byte[] writeArray(List<DicomDataset> datasets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeArray(datasets, out);
        return out.toByteArray();
    }

    public void writeArray(List<DicomDataset> datasets, OutputStream out) {
        try (JsonGenerator g = factory.createGenerator(ObjectWriteContext.empty(), out)) {
            g.writeStartArray();
            for (DicomDataset d : datasets) {
                writeDataset(g, d);
            }
            g.writeEndArray();
        }
    }

    private void writeDataset(JsonGenerator g, DicomDataset dataset) {
        g.writeStartObject();
        for (DicomAttribute a : dataset.attributes()) {
            g.writeName(DicomTags.hex(a.tag()));
            writeAttribute(g, a);
        }
        g.writeEndObject();
    }

    /** One attribute as an Annex F value object ({"vr": ..., "Value": [...]}); also used by WADO-RS metadata. */
    public void writeAttribute(JsonGenerator g, DicomAttribute a) {
        g.writeStartObject();
        g.writeStringProperty("vr", a.vr());
        if (!a.isEmpty()) {
            g.writeName("Value");
            g.writeStartArray();
            for (String v : a.values()) {
                writeValue(g, a.vr(), v);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private void writeValue(JsonGenerator g, String vr, String raw) {
        // PS3.5 6.2: in ST, LT and UT leading spaces and control characters (CR, LF, FF) are content, only
        // trailing spaces are padding; in the other string VRs leading and trailing spaces are not significant.
        String v = FREE_TEXT_VRS.contains(vr) ? withoutTrailingSpaces(raw) : raw.strip();
        if (v.isEmpty()) {
            g.writeNull();
            return;
        }
        switch (vr) {
            case "PN" -> writePersonName(g, v);
            case "IS" -> writeIntegerString(g, v);
            case "DS" -> writeDecimalString(g, v);
            case "AT" -> g.writeString(v.replace(",", "").replace("(", "").replace(")", "").toUpperCase(java.util.Locale.ROOT));
            case "SL", "SS", "UL", "US", "SV", "UV" -> writeIntegerString(g, v);
            case "FL", "FD" -> writeDecimalString(g, v);
            default -> g.writeString(v);
        }
    }

    private static String withoutTrailingSpaces(String value) {
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) == ' ') {
            end--;
        }
        return value.substring(0, end);
    }

    private void writePersonName(JsonGenerator g, String v) {
        String[] groups = v.split("=", -1);
        g.writeStartObject();
        for (int i = 0; i < Math.min(groups.length, PN_GROUPS.length); i++) {
            if (!groups[i].isEmpty()) {
                g.writeStringProperty(PN_GROUPS[i], groups[i]);
            }
        }
        g.writeEndObject();
    }

    private void writeIntegerString(JsonGenerator g, String v) {
        try {
            g.writeNumber(Long.parseLong(v.startsWith("+") ? v.substring(1) : v));
        } catch (NumberFormatException malformed) {
            // A malformed stored value must not break the whole response; null is Annex F's "no value".
            g.writeNull();
        }
    }

    private void writeDecimalString(JsonGenerator g, String v) {
        if (JSON_NUMBER.matcher(v).matches()) {
            g.writeNumber(v);
            return;
        }
        try {
            // DICOM allows forms JSON does not ("+1.5", ".5", "1."): normalise through BigDecimal.
            g.writeNumber(new BigDecimal(v));
        } catch (NumberFormatException malformed) {
            g.writeNull();
        }
    }
}
