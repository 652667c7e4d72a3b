package io.custos.server.export.job;

import io.custos.archive.export.api.ExportId;
import io.custos.archive.export.api.ExportPlan;
import io.custos.deidentify.packaging.ExportManifest;
import io.custos.deidentify.packaging.ManifestWriter;
import io.custos.deidentify.packaging.Split;
import io.custos.deidentify.packaging.SplitAssignment;
import io.custos.server.export.store.ExportStore;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The end of an export: the de-identification report ({@code deid-report.json}: every source instance by its
 * position, where it went or why it was left out, what was done to its header and pixels; every series
 * considered for NIfTI), the manifest ({@code manifest.json}: every file with size, SHA-256, kind, pseudonymous
 * patient and split), then the seal with the completion marker. The manifest's SHA-256, file count and bytes are
 * what the completion event records.
 */
final class ExportPackage {

    /** What the completion records: the manifest is counted among the files. */
    record Summary(String exportId, String manifestSha256, int files, long bytes) {
    }

    private final ExportStore store;
    private final JsonMapper json;
    private final Clock clock;
    private final SplitAssignment splits = SplitAssignment.standard();

    ExportPackage(ExportStore store, JsonMapper json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    Summary write(ExportId id, ExportPlan plan) {
        try {
            List<StudyRecord> studies = new ArrayList<>();
            for (byte[] record : store.committedStudies(id)) {
                studies.add(json.readValue(record, StudyRecord.class));
            }
            studies.sort(Comparator.comparingInt(StudyRecord::study));
            if (studies.size() != plan.studies().size()) {
                throw new ExportFailure(ExportFailure.STORE_INCONSISTENT);
            }
            byte[] report = json.writeValueAsBytes(report(id, plan, studies));
            store.writeTopLevel(id, ExportStore.REPORT, report);

            List<ExportManifest.FileEntry> files = new ArrayList<>();
            Map<String, Split> patients = new TreeMap<>();
            Set<String> series = new HashSet<>();
            int exported = 0;
            int excluded = 0;
            int volumes = 0;
            for (StudyRecord study : studies) {
                exported += study.instancesExported();
                excluded += study.instancesExcluded();
                for (StudyRecord.FileRecord file : study.files()) {
                    Split split = patients.computeIfAbsent(file.patient(), splits::of);
                    files.add(new ExportManifest.FileEntry(file.path(), file.kind(), file.bytes(), file.sha256(),
                            file.patient(), split));
                    if (file.kind() == ExportManifest.Kind.DICOM) {
                        series.add(file.path().substring(0, file.path().lastIndexOf('/')));
                    } else if (file.kind() == ExportManifest.Kind.NIFTI) {
                        volumes++;
                    }
                }
            }
            files.add(new ExportManifest.FileEntry(ExportStore.REPORT, ExportManifest.Kind.DEID_REPORT, report.length,
                    sha256(report), null, null));
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("studies", studies.size());
            counts.put("series", series.size());
            counts.put("instances", exported);
            counts.put("excludedInstances", excluded);
            counts.put("niftiVolumes", volumes);
            counts.put("patients", patients.size());
            ExportManifest manifest = new ExportManifest(id.value(), plan.project(), plan.protocol(),
                    plan.profileOptions(), clock.instant(), files, patients, counts);
            byte[] manifestBytes = new ManifestWriter().write(manifest);
            store.writeTopLevel(id, ExportStore.MANIFEST, manifestBytes);

            long bytes = manifestBytes.length + files.stream().mapToLong(ExportManifest.FileEntry::bytes).sum();
            Summary summary = new Summary(id.value(), sha256(manifestBytes), files.size() + 1, bytes);
            store.seal(id, json.writeValueAsBytes(summary));
            return summary;
        } catch (IOException e) {
            throw new ExportFailure(ExportFailure.STORE_UNAVAILABLE);
        }
    }

    /** The summary in the marker of an export sealed before its completion was recorded (a crash between). */
    Summary sealedSummary(ExportId id) {
        try {
            store.seal(id, new byte[0]); // re-applies the modes if the crash came before they were set
            byte[] marker = store.marker(id).orElseThrow(() -> new ExportFailure(ExportFailure.STORE_INCONSISTENT));
            return json.readValue(marker, Summary.class);
        } catch (IOException e) {
            throw new ExportFailure(ExportFailure.STORE_UNAVAILABLE);
        }
    }

    private Map<String, Object> report(ExportId id, ExportPlan plan, List<StudyRecord> studies) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("format", "custos-deid-report-v1");
        report.put("exportId", id.value());
        report.put("project", plan.project());
        report.put("protocol", plan.protocol());
        report.put("profileOptions", plan.profileOptions().stream().sorted().toList());
        report.put("source", "studies by their position in the approved plan, instances by their position in the"
                + " study as stored; no source UID or value appears here");
        List<Map<String, Object>> entries = new ArrayList<>();
        for (StudyRecord study : studies) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("study", study.study());
            entry.put("instancesExported", study.instancesExported());
            entry.put("instancesExcluded", study.instancesExcluded());
            entry.put("instances", study.instances());
            entry.put("volumes", study.volumes());
            entries.add(entry);
        }
        report.put("studies", entries);
        return report;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
