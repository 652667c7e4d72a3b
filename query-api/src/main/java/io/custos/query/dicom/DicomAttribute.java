package io.custos.query.dicom;

import java.util.List;
import java.util.Objects;

/**
 * One attribute of a query result: tag, VR (PS3.5 6.2) and its values as Unicode strings. Person names keep
 * the PS3.5 6.2.1 component-group form "Alphabetic=Ideographic=Phonetic". Values are PHI: never printed.
 */
public record DicomAttribute(int tag, String vr, List<String> values) {
    public DicomAttribute {
        Objects.requireNonNull(vr, "vr");
        values = List.copyOf(values);
    }

    public static DicomAttribute of(int tag, String vr, String... values) {
        return new DicomAttribute(tag, vr, List.of(values));
    }

    /** True when the attribute has no value, or only empty ones (PS3.4 C.2.2.2: only universal matching applies). */
    public boolean isEmpty() {
        return values.stream().allMatch(String::isEmpty);
    }

    public String first() {
        return values.isEmpty() ? "" : values.get(0);
    }

    @Override
    public String toString() {
        return String.format("DicomAttribute[%08X %s, %d value(s)]", tag, vr, values.size());
    }
}
