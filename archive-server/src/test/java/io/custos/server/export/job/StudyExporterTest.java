package io.custos.server.export.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.archive.export.api.ExportId;
import io.custos.deidentify.header.Deidentifier;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.ProfileOption;
import io.custos.deidentify.release.InstanceRelease;
import io.custos.deidentify.secret.ProjectId;
import io.custos.deidentify.secret.ProjectSecret;
import io.custos.server.export.store.ExportStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** One study through the job's per-study step, on the test corpus, with no archive around it. */
class StudyExporterTest {

    private static final ExportId ID = new ExportId("t1/0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90");

    @TempDir
    Path tmp;

    private final InstanceRelease release = new InstanceRelease(new Deidentifier(
            DeidentificationProfile.of(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES),
            ProjectSecret.of(new ProjectId("lung-ai"), new byte[32])), new CorpusPixelPath());

    @Test
    void aStudyIsWrittenCommittedAndReportedByPositionOnly() throws Exception {
        ExportStore store = new ExportStore(tmp);
        StudyExporter exporter = new StudyExporter(store, JsonMapper.builder().build(), ExportJobTest.WORKERS, 4);

        StudyRecord record = exporter.export(ID, 0, sources(ExportCorpus.study(ExportCorpus.JOHANNA)), release, true);

        assertThat(record.instancesExported()).isEqualTo(ExportCorpus.SLICES + 1);
        assertThat(record.instancesExcluded()).isEqualTo(1);
        assertThat(record.instances()).hasSize(ExportCorpus.SLICES + 2);
        StudyRecord.InstanceEntry burnedIn = record.instances().get(ExportCorpus.SLICES);
        assertThat(burnedIn.excluded()).isEqualTo("PIXELS_NOT_DECODABLE");
        assertThat(burnedIn.output()).isNull();
        assertThat(burnedIn.burnedInAnnotation()).isTrue();
        assertThat(record.volumes()).singleElement().satisfies(v -> {
            assertThat(v.refused()).isNull();
            assertThat(v.instances()).isEqualTo(ExportCorpus.SLICES);
            assertThat(v.output()).startsWith("nifti/PSN").endsWith(".nii.gz");
        });
        assertThat(record.files()).hasSize(ExportCorpus.SLICES + 2);
        Path dir = store.directory(ID);
        for (StudyRecord.FileRecord file : record.files()) {
            assertThat(dir.resolve(file.path())).exists().hasSize(file.bytes());
        }
        assertThat(record.bytes()).isEqualTo(record.files().stream().mapToLong(StudyRecord.FileRecord::bytes).sum());
        assertThat(store.committedStudy(ID, StudyExporter.key(0))).isPresent();

        String json = new String(store.committedStudy(ID, StudyExporter.key(0)).orElseThrow(), StandardCharsets.UTF_8);
        for (String uid : ExportCorpus.uids(ExportCorpus.JOHANNA)) {
            assertThat(json).doesNotContain(uid);
        }
        for (String phi : ExportCorpus.JOHANNA.phi()) {
            assertThat(json).doesNotContain(phi);
        }
        assertThat(exporter.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(record);
    }

    @Test
    void doingAStudyAgainGivesTheSameFiles() throws Exception {
        ExportStore store = new ExportStore(tmp);
        StudyExporter exporter = new StudyExporter(store, JsonMapper.builder().build(), ExportJobTest.WORKERS, 4);
        List<StudyExporter.SourceInstance> sources = sources(ExportCorpus.study(ExportCorpus.RICHARD));
        exporter.export(ID, 1, sources, release, true);
        Map<String, byte[]> first = files(store.directory(ID));
        exporter.export(ID, 1, sources, release, true);
        Map<String, byte[]> second = files(store.directory(ID));
        assertThat(second.keySet()).isEqualTo(first.keySet());
        first.forEach((path, bytes) -> assertThat(second.get(path)).as(path).isEqualTo(bytes));
    }

    @Test
    void anUnreadableSourceFailsTheStudyWithACode() throws Exception {
        ExportStore store = new ExportStore(tmp);
        StudyExporter exporter = new StudyExporter(store, JsonMapper.builder().build(), ExportJobTest.WORKERS, 4);
        List<StudyExporter.SourceInstance> sources = new ArrayList<>(sources(ExportCorpus.study(ExportCorpus.RICHARD)));
        sources.set(3, () -> {
            throw new IOException("blob altered");
        });
        assertThatThrownBy(() -> exporter.export(ID, 0, sources, release, false))
                .isInstanceOf(ExportFailure.class).hasMessage("SOURCE_UNREADABLE");
        assertThat(store.committedStudy(ID, StudyExporter.key(0))).isEmpty();
        assertThat(store.directory(ID).resolve("dicom")).doesNotExist();
    }

    /** Workers that refuse work have been shut down: the archive is stopping, the study is not a failure. */
    @Test
    void stoppedWorkersInterruptTheStudyInsteadOfFailingTheExport() throws Exception {
        java.util.concurrent.ExecutorService stopped = java.util.concurrent.Executors.newSingleThreadExecutor();
        stopped.shutdownNow();
        StudyExporter exporter = new StudyExporter(new ExportStore(tmp), JsonMapper.builder().build(), stopped, 4);

        assertThatThrownBy(() -> exporter.export(ID, 0, sources(ExportCorpus.study(ExportCorpus.JOHANNA)), release,
                true)).isInstanceOf(ExportJob.Interrupted.class);
    }

    private static List<StudyExporter.SourceInstance> sources(List<byte[]> files) {
        return files.stream().<StudyExporter.SourceInstance>map(f -> () -> Arrays.copyOf(f, f.length)).toList();
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
