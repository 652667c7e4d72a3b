package io.custos.archive.ingest.api;

import java.util.List;
import java.util.Objects;

/**
 * One attribute value as extracted at the edge for indexing: tag, VR (PS3.5 6.2) and its values as
 * Unicode strings (already decoded from the object's Specific Character Set). Person names keep the
 * PS3.5 6.2 component-group form ("Alphabetic=Ideographic=Phonetic"). This is PHI: it travels only
 * encrypted inside events.
 */
public record IndexedAttribute(int tag, String vr, List<String> values) {
    public IndexedAttribute {
        Objects.requireNonNull(vr, "vr");
        values = List.copyOf(values);
    }

    @Override
    public String toString() {
        return String.format("IndexedAttribute[%08X %s, %d value(s)]", tag, vr, values.size());
    }
}
