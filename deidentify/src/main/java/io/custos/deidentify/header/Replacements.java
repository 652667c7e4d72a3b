package io.custos.deidentify.header;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SpecificCharacterSet;
import java.util.List;

/**
 * New attributes that replace an original one (same tag and VR, new values), in the character set of the data
 * set they belong to. The original attribute is never modified: the caller's list stays as it was.
 */
final class Replacements {

    /** PS3.15 "D" for text: a fixed value that fits every text VR's length limit (CS, SH and AE allow 16). */
    static final String DUMMY_TEXT = "REMOVED";
    static final String DUMMY_DATE = "19000101";
    static final String DUMMY_TIME = "000000";
    static final String DUMMY_DATE_TIME = "19000101000000";

    private Replacements() {
    }

    static Attribute withValues(Attribute original, List<String> values, SpecificCharacterSet charset, String path) {
        try {
            Attribute replacement = AttributeFactory.newAttribute(original.getTag(), original.getVR(), charset);
            for (String value : values) {
                replacement.addValue(value);
            }
            return replacement;
        } catch (DicomException e) {
            throw new DeidentificationException("cannot replace the value of " + path, e);
        }
    }

    static Attribute empty(Attribute original, SpecificCharacterSet charset, String path) {
        return withValues(original, List.of(), charset, path);
    }

    static List<String> values(Attribute attribute, String path) {
        try {
            String[] values = attribute.getStringValues();
            return values == null ? List.of() : List.of(values);
        } catch (DicomException e) {
            throw new DeidentificationException("cannot read the value of " + path, e);
        }
    }
}
