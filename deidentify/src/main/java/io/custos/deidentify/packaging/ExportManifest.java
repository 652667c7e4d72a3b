package io.custos.deidentify.packaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The manifest of a research export: every file written with its size and SHA-256, the counts, the split of
 * each pseudonymous patient, and how the data were de-identified. It names no real identifier: patients by
 * pseudonym, studies and series by their remapped UIDs as they appear in the files.
 *
 * @param exportId       the export request
 * @param project        the research project
 * @param protocol       the protocol the export was approved under
 * @param profileOptions the PS3.15 E.1-1 options applied
 * @param created        when the export completed
 * @param files          every file of the export except this manifest, in path order
 * @param splits         pseudonymous patient ID to split
 * @param counts         e.g. studies, series, instances, excludedInstances, niftiVolumes
 */
public record ExportManifest(String exportId, String project, String protocol, Set<String> profileOptions,
                             Instant created, List<FileEntry> files, Map<String, Split> splits,
                             Map<String, Integer> counts) {

    /** File kinds in an export. */
    public enum Kind { DICOM, NIFTI, DEID_REPORT }

    /** @param path relative to the export's root, '/'-separated */
    public record FileEntry(String path, Kind kind, long bytes, String sha256, String patient, Split split) {
        public FileEntry {
            Objects.requireNonNull(path, "path");
            if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                throw new IllegalArgumentException("manifest paths are relative and stay inside the export");
            }
        }
    }

    public ExportManifest {
        profileOptions = Set.copyOf(profileOptions);
        files = files.stream().sorted(java.util.Comparator.comparing(FileEntry::path)).toList();
        splits = Map.copyOf(splits);
        counts = Map.copyOf(counts);
    }
}
