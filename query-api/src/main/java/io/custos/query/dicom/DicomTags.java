package io.custos.query.dicom;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tag, keyword and VR lookups backed by PixelMed's standard data dictionary, so no tag is hand-typed.
 * Tags are handled as ints (group &lt;&lt; 16 | element), the form PS3.18 Annex F prints as 8 hex digits.
 */
public final class DicomTags {

    private static final DicomDictionary DICTIONARY = DicomDictionary.StandardDictionary;
    private static final Pattern HEX_TAG = Pattern.compile("[0-9A-Fa-f]{8}");

    private DicomTags() {
    }

    public static int of(AttributeTag tag) {
        return (tag.getGroup() << 16) | tag.getElement();
    }

    public static AttributeTag toAttributeTag(int tag) {
        return new AttributeTag(tag >>> 16, tag & 0xFFFF);
    }

    /** Uppercase 8-hex form used as the key in DICOM JSON (PS3.18 F.2.1.1). */
    public static String hex(int tag) {
        return String.format(Locale.ROOT, "%08X", tag);
    }

    /**
     * Resolves a QIDO attribute identifier: a keyword (PS3.6) or 8 hex digits (PS3.18 8.3.4 / 10.6.1.2.1).
     * Empty when it is neither a known keyword nor a hex tag.
     */
    public static Optional<Integer> resolve(String keywordOrHex) {
        if (keywordOrHex == null || keywordOrHex.isEmpty()) {
            return Optional.empty();
        }
        if (HEX_TAG.matcher(keywordOrHex).matches()) {
            return Optional.of(Integer.parseUnsignedInt(keywordOrHex, 16));
        }
        AttributeTag tag = DICTIONARY.getTagFromName(keywordOrHex);
        return tag == null ? Optional.empty() : Optional.of(of(tag));
    }

    /** The dictionary VR of a tag, or empty for private or unknown tags. */
    public static Optional<String> vr(int tag) {
        byte[] vr = DICTIONARY.getValueRepresentationFromTag(toAttributeTag(tag));
        return vr == null ? Optional.empty() : Optional.of(new String(vr, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The keyword of a tag, or its hex form when the dictionary does not know it. */
    public static String keyword(int tag) {
        String name = DICTIONARY.getNameFromTag(toAttributeTag(tag));
        return name == null ? hex(tag) : name;
    }
}
