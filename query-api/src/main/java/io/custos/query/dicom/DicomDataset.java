package io.custos.query.dicom;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable set of attributes in ascending tag order (the order PS3.18 Annex F and PS3.5 7.1 use),
 * one per tag. Immutable so a dataset read from the index can be shared across threads safely.
 */
public final class DicomDataset {

    private static final DicomDataset EMPTY = new DicomDataset(new TreeMap<>());

    private final SortedMap<Integer, DicomAttribute> byTag;

    private DicomDataset(SortedMap<Integer, DicomAttribute> byTag) {
        this.byTag = Collections.unmodifiableSortedMap(byTag);
    }

    public static DicomDataset empty() {
        return EMPTY;
    }

    public static DicomDataset of(Collection<DicomAttribute> attributes) {
        TreeMap<Integer, DicomAttribute> map = new TreeMap<>();
        for (DicomAttribute a : attributes) {
            map.put(a.tag(), a);
        }
        return new DicomDataset(map);
    }

    public Optional<DicomAttribute> get(int tag) {
        return Optional.ofNullable(byTag.get(tag));
    }

    /** First value of the tag, or "" when absent or empty. */
    public String first(int tag) {
        DicomAttribute a = byTag.get(tag);
        return a == null ? "" : a.first();
    }

    public Collection<DicomAttribute> attributes() {
        return byTag.values();
    }

    public Set<Integer> tags() {
        return byTag.keySet();
    }

    public boolean isEmpty() {
        return byTag.isEmpty();
    }

    /** A copy with the given attributes added or replacing those with the same tag. */
    public DicomDataset with(DicomAttribute... attributes) {
        TreeMap<Integer, DicomAttribute> map = new TreeMap<>(byTag);
        for (DicomAttribute a : attributes) {
            map.put(a.tag(), a);
        }
        return new DicomDataset(map);
    }

    /** A copy with all attributes of {@code other} added (other wins on the same tag). */
    public DicomDataset merge(DicomDataset other) {
        TreeMap<Integer, DicomAttribute> map = new TreeMap<>(byTag);
        map.putAll(other.byTag);
        return new DicomDataset(map);
    }

    /** A copy restricted to the given tags. */
    public DicomDataset select(Set<Integer> tags) {
        TreeMap<Integer, DicomAttribute> map = new TreeMap<>();
        for (Map.Entry<Integer, DicomAttribute> e : byTag.entrySet()) {
            if (tags.contains(e.getKey())) {
                map.put(e.getKey(), e.getValue());
            }
        }
        return new DicomDataset(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DicomDataset d && d.byTag.equals(byTag);
    }

    @Override
    public int hashCode() {
        return byTag.hashCode();
    }

    @Override
    public String toString() {
        return "DicomDataset[" + byTag.size() + " attribute(s)]";
    }
}
