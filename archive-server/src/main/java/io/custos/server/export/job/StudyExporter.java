package io.custos.server.export.job;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.export.api.ExportId;
import io.custos.deidentify.nifti.NiftiWriter;
import io.custos.deidentify.nifti.Volume;
import io.custos.deidentify.nifti.VolumeAssembler;
import io.custos.deidentify.nifti.VolumeRefusedException;
import io.custos.deidentify.packaging.ExportManifest;
import io.custos.deidentify.release.ExclusionReason;
import io.custos.deidentify.release.InstanceRelease;
import io.custos.deidentify.release.PixelReport;
import io.custos.deidentify.release.ReleaseDecision;
import io.custos.deidentify.report.DeidentificationReport;
import io.custos.server.export.store.ExportStore;
import io.custos.server.export.job.StudyRecord.FileRecord;
import io.custos.server.export.job.StudyRecord.InstanceEntry;
import io.custos.server.export.job.StudyRecord.VolumeEntry;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/**
 * Exports one study: each stored instance is read as stored, parsed with its pixel data left in its transfer
 * syntax, decided by {@link InstanceRelease} (header, then pixels), and written as Part 10 into the study's
 * staging directory; volumetric series then become NIfTI-1 files; the study is committed to the
 * {@link ExportStore} in one step with its {@link StudyRecord}. The same inputs give the same files, so a study
 * interrupted before its commit is simply done again.
 *
 * <p>Memory: the released data sets of the series that may form a volume are held until the end of the study
 * (NIfTI only; one study at a time).
 */
final class StudyExporter {

    /** The original bytes of one stored instance. */
    @FunctionalInterface
    interface SourceInstance {
        byte[] originalBytes() throws IOException;
    }

    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final Pattern PSEUDONYM = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> VOLUME_MODALITIES = Set.of("CT", "MR", "PT");

    private final ExportStore store;
    private final JsonMapper json;
    private final ExecutorService workers;
    private final int window;

    /**
     * @param workers the pool the release decisions run on (see {@link DecisionsAhead})
     * @param window  how many instances may be decided ahead of the writer
     */
    StudyExporter(ExportStore store, JsonMapper json, ExecutorService workers, int window) {
        this.store = store;
        this.json = json;
        this.workers = workers;
        this.window = window;
    }

    static String key(int study) {
        return "study-%05d".formatted(study);
    }

    StudyRecord export(ExportId id, int study, List<SourceInstance> instances, InstanceRelease release,
                       boolean nifti) {
        Path staging;
        try {
            staging = store.stage(id, key(study));
        } catch (IOException e) {
            throw new ExportFailure(ExportFailure.STORE_UNAVAILABLE);
        }
        List<InstanceEntry> entries = new ArrayList<>();
        List<FileRecord> files = new ArrayList<>();
        Map<String, List<AttributeList>> candidates = new LinkedHashMap<>();
        int exported = 0;
        int excluded = 0;
        try (DecisionsAhead decisions = new DecisionsAhead(instances, release, workers, window)) {
            for (int i = 0; i < instances.size(); i++) {
                ExportJob.checkNotInterrupted();
                ReleaseDecision decision = decisions.next().decision();
                if (decision instanceof ReleaseDecision.Released released) {
                    AttributeList out = released.instance().dataset();
                    String patient = value(out, TagFromName.PatientID);
                    String studyUid = value(out, TagFromName.StudyInstanceUID);
                    String seriesUid = value(out, TagFromName.SeriesInstanceUID);
                    String sopUid = value(out, TagFromName.SOPInstanceUID);
                    if (PSEUDONYM.matcher(patient).matches() && uid(studyUid) && uid(seriesUid) && uid(sopUid)) {
                        String path = ExportStore.DICOM + "/" + patient + "/" + studyUid + "/" + seriesUid + "/" + sopUid
                                + ".dcm";
                        Written written = write(staging.resolve(path), released.instance()::writePart10);
                        files.add(new FileRecord(path, ExportManifest.Kind.DICOM, written.bytes(), written.sha256(),
                                patient));
                        entries.add(entry(study, i, path, null, decision));
                        exported++;
                        if (nifti && volumetric(out)) {
                            candidates.computeIfAbsent(patient + "/" + seriesUid, k -> new ArrayList<>()).add(out);
                        }
                        continue;
                    }
                    // Without a pseudonym and valid UIDs there is no place for it in the layout: not released.
                    decision = new ReleaseDecision.Excluded(ExclusionReason.HEADER_NOT_DEIDENTIFIABLE,
                            decision.header(), PixelReport.of(PixelReport.Treatment.NOT_RELEASED));
                }
                ReleaseDecision.Excluded refused = (ReleaseDecision.Excluded) decision;
                entries.add(entry(study, i, null, refused.reason().name(), decision));
                excluded++;
            }
        }
        List<VolumeEntry> volumes = new ArrayList<>();
        for (Map.Entry<String, List<AttributeList>> candidate : candidates.entrySet()) {
            ExportJob.checkNotInterrupted();
            String patient = candidate.getKey().substring(0, candidate.getKey().indexOf('/'));
            String series = candidate.getKey().substring(candidate.getKey().indexOf('/') + 1);
            int count = candidate.getValue().size();
            Volume volume;
            try {
                volume = new VolumeAssembler().assemble(candidate.getValue());
            } catch (VolumeRefusedException e) {
                // The assembler's message names its rule, never a value.
                volumes.add(new VolumeEntry(patient, series, count, null, e.getMessage()));
                continue;
            }
            String path = ExportStore.NIFTI + "/" + patient + "/" + series + ".nii.gz";
            Written written = write(staging.resolve(path), out -> new NiftiWriter().write(volume, out));
            files.add(new FileRecord(path, ExportManifest.Kind.NIFTI, written.bytes(), written.sha256(), patient));
            volumes.add(new VolumeEntry(patient, series, count, path, null));
        }
        long bytes = files.stream().mapToLong(FileRecord::bytes).sum();
        StudyRecord record = new StudyRecord(study, exported, excluded, bytes, entries, volumes, files);
        try {
            store.commitStudy(id, key(study), json.writeValueAsBytes(record));
        } catch (IOException e) {
            throw new ExportFailure(ExportFailure.STORE_UNAVAILABLE);
        }
        return record;
    }

    StudyRecord read(byte[] record) {
        return json.readValue(record, StudyRecord.class);
    }

    private static InstanceEntry entry(int study, int instance, String output, String excluded,
                                       ReleaseDecision decision) {
        DeidentificationReport header = decision.header();
        Map<String, List<String>> paths = new TreeMap<>();
        if (header != null) {
            header.paths().forEach((outcome, set) -> paths.put(outcome.name(), List.copyOf(set)));
        }
        return new InstanceEntry(study, instance, output, excluded, paths,
                header != null && header.burnedInAnnotation(), decision.pixels().treatment(),
                decision.pixels().regions());
    }

    /** Single-frame CT, MR or PT images with Image Plane geometry: what {@link VolumeAssembler} may stack. */
    private static boolean volumetric(AttributeList list) {
        return VOLUME_MODALITIES.contains(value(list, TagFromName.Modality))
                && Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1) == 1
                && list.getPixelData() != null
                && list.get(TagFromName.ImagePositionPatient) != null
                && list.get(TagFromName.ImageOrientationPatient) != null;
    }

    private static boolean uid(String value) {
        return value.length() <= 64 && UID.matcher(value).matches();
    }

    private static String value(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).strip();
    }

    @FunctionalInterface
    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private record Written(long bytes, String sha256) {
    }

    private static Written write(Path file, Content content) {
        try {
            Files.createDirectories(file.getParent());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
                content.writeTo(out);
            }
            return new Written(Files.size(file), HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new ExportFailure(ExportFailure.STORE_UNAVAILABLE);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
