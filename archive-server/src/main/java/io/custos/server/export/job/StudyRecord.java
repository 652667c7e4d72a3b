package io.custos.server.export.job;

import io.custos.deidentify.packaging.ExportManifest;
import io.custos.deidentify.release.PixelReport;

import java.util.List;
import java.util.Map;

/**
 * What one committed study of an export holds, kept beside the export while it runs (its commit record) and
 * merged into the de-identification report and the manifest at the end. Positions, codes, attribute paths,
 * pseudonyms and the export's own UIDs only: never a value of the source or one of its UIDs.
 *
 * @param study             the study's position in the export plan (0-based)
 * @param instancesExported instances written
 * @param instancesExcluded instances left out (their reasons are in {@code instances})
 * @param bytes             bytes written for the study (DICOM and NIfTI)
 * @param instances         one entry per source instance, in the order the archive stored them
 * @param volumes           one entry per series considered for NIfTI
 * @param files             the files written
 */
record StudyRecord(int study, int instancesExported, int instancesExcluded, long bytes, List<InstanceEntry> instances,
                   List<VolumeEntry> volumes, List<FileRecord> files) {

    StudyRecord {
        instances = List.copyOf(instances);
        volumes = List.copyOf(volumes);
        files = List.copyOf(files);
    }

    /**
     * @param study        the study's position in the plan
     * @param instance     the instance's position in the study (order of storage)
     * @param output       the file written, relative to the export; null when excluded
     * @param excluded     the exclusion reason; null when released
     * @param header       attribute paths by outcome (keywords, private tags as (gggg,eeee)); empty if the header
     *                     step itself failed
     * @param burnedInAnnotation the source declared Burned In Annotation YES
     * @param pixels       how the pixel step treated the pixels
     * @param regions      what the pixel step blacked out
     */
    record InstanceEntry(int study, int instance, String output, String excluded, Map<String, List<String>> header,
                         boolean burnedInAnnotation, PixelReport.Treatment pixels, List<PixelReport.Region> regions) {
    }

    /**
     * @param patient pseudonymous patient
     * @param series  the export's Series Instance UID
     * @param output  the NIfTI file written, relative to the export; null when refused
     * @param refused why the series is not a volume (the assembler's rule); null when written
     */
    record VolumeEntry(String patient, String series, int instances, String output, String refused) {
    }

    /** A file of the study as the manifest lists it. */
    record FileRecord(String path, ExportManifest.Kind kind, long bytes, String sha256, String patient) {
    }
}
