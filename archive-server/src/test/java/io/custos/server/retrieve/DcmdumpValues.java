package io.custos.server.retrieve;

import io.custos.archive.ingest.testing.Dcmtk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Values of top-level attributes as dcmdump (dcmtk, converting to UTF-8) prints them, and DICOM JSON values
 * brought to the same text form, so the two independent readings can be compared. Values are never printed.
 */
final class DcmdumpValues {

    /** "(gggg,eeee) VR value  # length, vm Keyword" at column 0 (nested items are indented). */
    private static final Pattern LINE = Pattern.compile("^\\(([0-9a-f]{4},[0-9a-f]{4})\\) (\\w\\w) (.*?)\\s+#\\s*\\d+,.*$");

    private DcmdumpValues() {
    }

    static Map<String, String> topLevel(Path file, List<String> tags) {
        List<String> command = new ArrayList<>(List.of("dcmdump", "-q", "-Un", "+L", "+U8"));
        command.add(file.toString());
        String out = Dcmtk.run(command.toArray(String[]::new)).output();
        Map<String, String> values = new HashMap<>();
        for (String line : out.split("\n")) {
            Matcher m = LINE.matcher(line);
            // UN: the file itself leaves the VR unknown (gdcmconv wrote rtdose_rle*.dcm so); dcmdump prints hex.
            if (m.matches() && tags.contains(m.group(1)) && !m.group(2).equals("SQ") && !m.group(2).equals("UN")) {
                String v = m.group(3).strip();
                if (v.equals("(no value available)")) {
                    v = "";
                } else if (v.startsWith("[") && v.endsWith("]")) {
                    v = v.substring(1, v.length() - 1);
                }
                values.put(m.group(1), normalise(m.group(2), v));
            }
        }
        return values;
    }

    /** Annex F value object → "v1\v2" with PN as its component groups joined by "=", numbers in plain form. */
    static String jsonValue(JsonNode attribute) {
        String vr = attribute.get("vr").asString();
        JsonNode values = attribute.get("Value");
        if (values == null) {
            return "";
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode v : values) {
            if (v.isNull()) {
                texts.add("");
            } else if (vr.equals("PN")) {
                String name = text(v, "Alphabetic") + "=" + text(v, "Ideographic") + "=" + text(v, "Phonetic");
                texts.add(name);
            } else {
                texts.add(v.isNumber() ? v.numberValue().toString() : v.asString());
            }
        }
        return normalise(vr, String.join("\\", texts));
    }

    private static String text(JsonNode pn, String group) {
        return pn.has(group) ? pn.get(group).asString() : "";
    }

    /**
     * Integers compare as numbers ("0001" = 1); text loses padding spaces as DICOM says (PS3.5 6.2); a person
     * name loses trailing empty component groups ("A=B=" is "A=B", PS3.5 6.2.1).
     */
    private static String normalise(String vr, String value) {
        List<String> parts = new ArrayList<>();
        for (String p : value.split("\\\\", -1)) {
            String s = p.strip();
            if (vr.equals("PN")) {
                s = s.replaceAll("=+$", "");
            }
            if (vr.equals("IS") || vr.equals("US") || vr.equals("UL") || vr.equals("SS") || vr.equals("SL")) {
                try {
                    s = Long.toString(Long.parseLong(s.startsWith("+") ? s.substring(1) : s));
                } catch (NumberFormatException keep) {
                    // compared as text
                }
            }
            parts.add(s);
        }
        return String.join("\\", parts);
    }
}
