package io.custos.server.testsupport;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads values out of a DICOM JSON data set (PS3.18 Annex F) as QIDO-RS and STOW-RS return them. */
public final class DicomJson {

    private DicomJson() {
    }

    /**
     * The values of an element as text (numbers in their JSON spelling); empty when the element is absent or
     * has no Value (PS3.18 F.2.5: a zero-length element).
     */
    public static List<String> strings(JsonNode dataset, String tag) {
        List<String> values = new ArrayList<>();
        dataset.path(tag).path("Value").valueStream().forEach(v -> values.add(v.isNull() ? "" : v.asString()));
        return values;
    }

    /** The first value of an element, or "" when it has none. */
    public static String first(JsonNode dataset, String tag) {
        List<String> values = strings(dataset, tag);
        return values.isEmpty() ? "" : values.get(0);
    }

    /** Alphabetic, Ideographic and Phonetic groups of the first Person Name value (F.2.2), trailing empties dropped. */
    public static List<String> personName(JsonNode dataset, String tag) {
        JsonNode pn = dataset.path(tag).path("Value").path(0);
        List<String> groups = new ArrayList<>();
        for (String group : List.of("Alphabetic", "Ideographic", "Phonetic")) {
            groups.add(pn.path(group).isMissingNode() ? "" : pn.path(group).asString());
        }
        while (!groups.isEmpty() && groups.get(groups.size() - 1).isEmpty()) {
            groups.remove(groups.size() - 1);
        }
        return groups;
    }

    /** Every value of a tag across the data sets of a QIDO-RS or STOW-RS sequence/array. */
    public static List<String> firsts(List<JsonNode> datasets, String tag) {
        return datasets.stream().map(d -> first(d, tag)).toList();
    }
}
