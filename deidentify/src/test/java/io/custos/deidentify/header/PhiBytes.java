package io.custos.deidentify.header;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Looks for identifying strings in the bytes of a written file, in every encoding they could have there: UTF-8
 * (ISO_IR 192, and ASCII for Latin strings, case-insensitively), ISO 2022 JIS X 0208 (ISO 2022 IR 87, with its
 * escape sequence) and Shift_JIS. Findings name the position of the string in the caller's list and the
 * encoding, never the string, so a failing test prints no PHI.
 */
final class PhiBytes {

    private static final Charset ISO_2022_JP = Charset.forName("ISO-2022-JP");
    private static final Charset SHIFT_JIS = Charset.forName("Shift_JIS");

    private PhiBytes() {
    }

    /**
     * Descriptions ("PHI #3 as UTF-8") of every string in {@code phi} found in {@code bytes}; empty if none. ASCII
     * strings are matched ignoring case.
     */
    static List<String> findings(byte[] bytes, List<String> phi) {
        return findings(bytes, phi, true);
    }

    /** As {@link #findings(byte[], List)}, ASCII strings matched ignoring case or not. */
    static List<String> findings(byte[] bytes, List<String> phi, boolean ignoreAsciiCase) {
        byte[] lower = ignoreAsciiCase ? new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
                .getBytes(StandardCharsets.ISO_8859_1) : bytes;
        List<String> findings = new ArrayList<>();
        for (int i = 0; i < phi.size(); i++) {
            String value = phi.get(i);
            boolean ascii = value.chars().allMatch(c -> c < 0x80);
            if (ascii) {
                String needle = ignoreAsciiCase ? value.toLowerCase(Locale.ROOT) : value;
                if (contains(lower, needle.getBytes(StandardCharsets.US_ASCII))) {
                    findings.add("PHI #" + i + " as ASCII");
                }
                continue;
            }
            if (contains(bytes, value.getBytes(StandardCharsets.UTF_8))) {
                findings.add("PHI #" + i + " as UTF-8");
            }
            if (contains(bytes, jisX0208(value))) {
                findings.add("PHI #" + i + " as ISO 2022 IR 87");
            }
            if (SHIFT_JIS.newEncoder().canEncode(value) && contains(bytes, value.getBytes(SHIFT_JIS))) {
                findings.add("PHI #" + i + " as Shift_JIS");
            }
        }
        return findings;
    }

    /**
     * The bare JIS X 0208 bytes (ISO 2022 IR 87 without its escapes), so the string is found also in the middle of
     * a longer run of Japanese text that was designated once.
     */
    private static byte[] jisX0208(String value) {
        byte[] encoded = value.getBytes(ISO_2022_JP);
        return Arrays.copyOfRange(encoded, 3, encoded.length - 3);
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
