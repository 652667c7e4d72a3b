package io.custos.deidentify.header;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.SequenceAttribute;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A data set as path to value text, sequences at any depth, to compare two de-identifications attribute by attribute. */
final class Flattened {

    private Flattened() {
    }

    static Map<String, String> of(AttributeList list) {
        Map<String, String> out = new TreeMap<>();
        add(list, "", out);
        return out;
    }

    /** Paths present in only one of the two, or with different values. */
    static Set<String> differences(Map<String, String> a, Map<String, String> b) {
        Set<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        paths.removeIf(p -> a.containsKey(p) && b.containsKey(p) && a.get(p).equals(b.get(p)));
        return paths;
    }

    private static void add(AttributeList list, String prefix, Map<String, String> out) {
        for (Attribute attribute : list.values()) {
            AttributeTag tag = attribute.getTag();
            String keyword = tag.isPrivate() ? null : DicomDictionary.StandardDictionary.getNameFromTag(tag);
            String path = prefix + (keyword != null ? keyword : String.format("(%04X,%04X)", tag.getGroup(), tag.getElement()));
            if (attribute instanceof SequenceAttribute sequence) {
                out.put(path, "items=" + sequence.getNumberOfItems());
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    add(sequence.getItem(i).getAttributeList(), path + ">", out);
                }
            } else {
                out.put(path, attribute.getVRAsString() + ":" + attribute.getVL() + ":"
                        + attribute.getDelimitedStringValuesOrEmptyString());
            }
        }
    }
}
