package io.custos.server.e2e;

import io.custos.archive.ingest.testing.Dcmtk;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attributes QIDO-RS must return for a file, read by an independent parser: dcmtk's {@code dcmdump}, never
 * PixelMed (which the archive itself uses). Only top-level data set elements count. Values keep dcmdump's text;
 * leading and trailing spaces are dropped because PS3.5 6.2 makes padding insignificant. Nothing read here is
 * ever printed: names and IDs are PHI of the corpus patients.
 */
record DcmdumpFacts(Map<String, Optional<String>> values, boolean textDecoded) {

    /** Keyword → tag as dcmdump spells it. */
    static final Map<String, String> TAGS = tags();

    private static final Pattern LINE =
            Pattern.compile("^\\(([0-9a-f]{4},[0-9a-f]{4})\\) ([A-Z]{2}) (.*?)\\s*#\\s*\\d+,\\s*\\d+\\s+\\S+$");
    private static final Pattern UN_BYTES = Pattern.compile("[0-9a-f]{2}(\\\\[0-9a-f]{2})*");
    private static final Charset ISO_2022_JP = Charset.forName("ISO-2022-JP");

    private static Map<String, String> tags() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("PatientName", "0010,0010");
        t.put("PatientID", "0010,0020");
        t.put("StudyDate", "0008,0020");
        t.put("StudyTime", "0008,0030");
        t.put("AccessionNumber", "0008,0050");
        t.put("Modality", "0008,0060");
        t.put("SOPClassUID", "0008,0016");
        t.put("SOPInstanceUID", "0008,0018");
        t.put("StudyInstanceUID", "0020,000d");
        t.put("SeriesInstanceUID", "0020,000e");
        t.put("SeriesNumber", "0020,0011");
        t.put("InstanceNumber", "0020,0013");
        return Map.copyOf(t);
    }

    /**
     * Runs dcmdump with {@code +U8} (values converted to UTF-8 per Specific Character Set). Debian's dcmtk uses
     * glibc iconv, which cannot convert the ISO 2022 Japanese sets (IR 87, IR 13); for those files the dump is
     * taken raw and {@link #textDecoded()} is false (see {@link #personNameGroups}).
     */
    static DcmdumpFacts of(Path file) {
        Dcmtk.Result utf8 = dump(file, true);
        boolean decoded = utf8.exitCode() == 0 && !utf8.output().contains("F: ");
        Dcmtk.Result result = decoded ? utf8 : dump(file, false);
        Map<String, Optional<String>> values = new LinkedHashMap<>();
        for (String line : result.output().split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String keyword = keywordOf(m.group(1));
            if (keyword != null && !values.containsKey(keyword)) {
                values.put(keyword, Optional.of(value(m.group(2), m.group(3))));
            }
        }
        return new DcmdumpFacts(Map.copyOf(values), decoded);
    }

    private static Dcmtk.Result dump(Path file, boolean utf8) {
        List<String> cmd = new ArrayList<>(List.of("dcmdump", "-Un", "+L", "+p"));
        if (utf8) {
            cmd.add("+U8");
        }
        TAGS.values().forEach(tag -> {
            cmd.add("+P");
            cmd.add(tag);
        });
        cmd.add(file.toString());
        return Dcmtk.run(cmd.toArray(String[]::new));
    }

    private static String keywordOf(String tag) {
        return TAGS.entrySet().stream().filter(e -> e.getValue().equals(tag)).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    /** {@code [text]}, {@code (no value available)}, or for UN a backslash list of hex bytes (decoded as text). */
    private static String value(String vr, String raw) {
        if (raw.startsWith("[") && raw.endsWith("]")) {
            return raw.substring(1, raw.length() - 1).strip();
        }
        if (raw.startsWith("(no value")) {
            return "";
        }
        if ("UN".equals(vr) && UN_BYTES.matcher(raw).matches()) {
            byte[] bytes = HexFormat.of().parseHex(raw.replace("\\", ""));
            return new String(bytes, StandardCharsets.US_ASCII).replace("\0", "").strip();
        }
        throw new IllegalStateException("unexpected dcmdump value form for a " + vr + " element");
    }

    /** The value of an attribute: empty Optional when the file lacks it, "" when it is present but empty. */
    Optional<String> get(String keyword) {
        if (!TAGS.containsKey(keyword)) {
            throw new IllegalArgumentException(keyword);
        }
        return values.getOrDefault(keyword, Optional.empty());
    }

    String require(String keyword) {
        return get(keyword).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new IllegalStateException("dcmdump found no " + keyword));
    }

    /**
     * The component groups (alphabetic, ideographic, phonetic; PS3.5 6.2.1) of the first Person Name value.
     * A group is {@code null} when it cannot be decoded independently: in a raw dump (ISO 2022 Japanese sets),
     * 7-bit groups with escape sequences are decoded with the JDK's ISO-2022-JP decoder (IR 87 is JIS X 0208,
     * which that decoder implements), while groups holding 8-bit bytes (IR 13 half-width katakana) are
     * undecodable here and only their presence is checked.
     */
    List<String> personNameGroups(String keyword) {
        String value = get(keyword).orElse("");
        String first = value.split("\\\\", -1)[0];
        List<String> groups = new ArrayList<>(List.of(first.split("=", -1)));
        while (!groups.isEmpty() && groups.get(groups.size() - 1).isEmpty()) {
            groups.remove(groups.size() - 1);
        }
        if (textDecoded) {
            return groups;
        }
        List<String> decoded = new ArrayList<>();
        for (String group : groups) {
            if (group.chars().anyMatch(c -> c >= 0x80)) {
                decoded.add(null);
            } else if (group.indexOf('\u001b') >= 0) {
                decoded.add(new String(group.getBytes(StandardCharsets.US_ASCII), ISO_2022_JP));
            } else {
                decoded.add(group);
            }
        }
        return decoded;
    }
}
