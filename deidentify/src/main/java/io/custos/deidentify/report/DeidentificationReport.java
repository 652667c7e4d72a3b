package io.custos.deidentify.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What happened to one instance's attributes, by attribute path (keywords, e.g.
 * {@code ContentSequence>ContentSequence>TextValue}; private and unknown tags as {@code (gggg,eeee)}). Paths
 * only, never values: the report may be shown to researchers and stored next to the export.
 *
 * @param burnedInAnnotation the source declared Burned In Annotation (0028,0301) YES: its pixels still need the
 *        pixel path (not part of this header library), and the instance must not be exported without it
 */
public record DeidentificationReport(Map<Outcome, SortedSet<String>> paths, boolean burnedInAnnotation) {

    public DeidentificationReport {
        EnumMap<Outcome, SortedSet<String>> copy = new EnumMap<>(Outcome.class);
        paths.forEach((outcome, set) -> copy.put(outcome, Collections.unmodifiableSortedSet(new TreeSet<>(set))));
        paths = Collections.unmodifiableMap(copy);
    }

    /** The attribute paths that had {@code outcome}; empty if none. */
    public Set<String> pathsWith(Outcome outcome) {
        return paths.getOrDefault(outcome, Collections.emptySortedSet());
    }

    /** Collects outcomes while one instance is de-identified; not thread-safe, one per instance. */
    public static final class Builder {

        private final Map<Outcome, SortedSet<String>> paths = new EnumMap<>(Outcome.class);
        private boolean burnedInAnnotation;

        public void record(Outcome outcome, String path) {
            paths.computeIfAbsent(outcome, o -> new TreeSet<>()).add(path);
        }

        public void burnedInAnnotation(boolean declared) {
            this.burnedInAnnotation = declared;
        }

        public DeidentificationReport build() {
            return new DeidentificationReport(paths, burnedInAnnotation);
        }
    }
}
