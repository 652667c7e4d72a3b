package io.custos.archive.ingest.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import io.custos.archive.ingest.api.IndexedAttribute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the {@link IndexedTags} of a parsed data set into {@link IndexedAttribute}s. PixelMed decodes string
 * values through the data set's Specific Character Set (PS3.5 6.1, including ISO 2022 code extensions and
 * GB18030) when it reads them, so the values here are Unicode. Person names keep their component groups
 * (PS3.5 6.2.1: "Alphabetic=Ideographic=Phonetic"); numbers keep the string form they were sent in.
 */
final class IndexedAttributeExtractor {

    private IndexedAttributeExtractor() {
    }

    static List<IndexedAttribute> extract(AttributeList dataSet) throws DicomException {
        List<IndexedAttribute> out = new ArrayList<>(IndexedTags.ALL.size());
        for (IndexedTags.IndexedTag indexed : IndexedTags.ALL) {
            Attribute attribute = dataSet.get(indexed.tag());
            if (attribute == null || attribute instanceof SequenceAttribute || attribute.getVM() == 0) {
                continue;
            }
            String[] raw = attribute.getStringValues();
            if (raw == null) {
                continue;
            }
            List<String> values = Arrays.stream(raw).map(IndexedAttributeExtractor::clean).toList();
            if (values.stream().allMatch(String::isEmpty)) {
                continue;
            }
            out.add(new IndexedAttribute(indexed.value(), attribute.getVRAsString(), values));
        }
        return out;
    }

    /** Strips the trailing padding (space or NUL, PS3.5 6.2) a value may still carry. */
    private static String clean(String value) {
        if (value == null) {
            return "";
        }
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\0')) {
            end--;
        }
        return value.substring(0, end);
    }
}
