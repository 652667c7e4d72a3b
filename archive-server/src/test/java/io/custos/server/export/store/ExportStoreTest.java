package io.custos.server.export.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.archive.export.api.ExportId;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportStoreTest {

    private static final ExportId ID = new ExportId("t1/0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90");

    @TempDir
    Path tmp;

    @Test
    void theLayoutIsTenantThenUuid() {
        ExportStore store = new ExportStore(tmp);
        assertThat(store.directory(ID)).isEqualTo(tmp.resolve("t1").resolve("0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90"));
    }

    @Test
    void aStagedStudyIsInvisibleUntilCommittedThenInPlaceWithItsRecord() throws Exception {
        ExportStore store = new ExportStore(tmp);
        Path staging = store.stage(ID, "study-00000");
        write(staging.resolve("dicom/PSN1/2.25.1/2.25.2/2.25.3.dcm"), "dicom");
        write(staging.resolve("nifti/PSN1/2.25.2.nii.gz"), "nifti");
        Path dir = store.directory(ID);
        assertThat(dir.resolve("dicom")).doesNotExist();
        assertThat(store.committedStudy(ID, "study-00000")).isEmpty();

        store.commitStudy(ID, "study-00000", "{\"n\":1}".getBytes(StandardCharsets.UTF_8));

        assertThat(dir.resolve("dicom/PSN1/2.25.1/2.25.2/2.25.3.dcm")).hasContent("dicom");
        assertThat(dir.resolve("nifti/PSN1/2.25.2.nii.gz")).hasContent("nifti");
        assertThat(store.committedStudy(ID, "study-00000")).hasValueSatisfying(
                r -> assertThat(new String(r, StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}"));
        assertThat(staging).doesNotExist();
    }

    @Test
    void aLeftoverOfAnInterruptedAttemptIsRemovedAndTheRedoReplacesAnUncommittedTarget() throws Exception {
        ExportStore store = new ExportStore(tmp);
        Path first = store.stage(ID, "study-00001");
        write(first.resolve("dicom/PSN1/2.25.1/2.25.2/half-written.dcm"), "partial");
        // the crash: nothing committed. The redo starts from an empty staging directory.
        Path again = store.stage(ID, "study-00001");
        assertThat(again).isEqualTo(first);
        try (Stream<Path> left = Files.list(again)) {
            assertThat(left).isEmpty();
        }
        // an earlier attempt that crashed after its rename but before its record: replaced, not merged
        write(store.directory(ID).resolve("dicom/PSN1/2.25.1/2.25.2/stale.dcm"), "stale");
        write(again.resolve("dicom/PSN1/2.25.1/2.25.2/2.25.3.dcm"), "new");
        store.commitStudy(ID, "study-00001", new byte[] {'{', '}'});
        assertThat(store.directory(ID).resolve("dicom/PSN1/2.25.1/2.25.2/stale.dcm")).doesNotExist();
        assertThat(store.directory(ID).resolve("dicom/PSN1/2.25.1/2.25.2/2.25.3.dcm")).hasContent("new");
        assertThat(store.committedStudies(ID)).hasSize(1);
    }

    @Test
    void sealingMakesTheExportWriteOnceAndReadOnly() throws Exception {
        ExportStore store = new ExportStore(tmp);
        Path staging = store.stage(ID, "study-00000");
        write(staging.resolve("dicom/PSN1/2.25.1/2.25.2/2.25.3.dcm"), "dicom");
        store.commitStudy(ID, "study-00000", new byte[] {'{', '}'});
        store.writeTopLevel(ID, ExportStore.MANIFEST, "{}".getBytes(StandardCharsets.UTF_8));

        store.seal(ID, "{\"complete\":true}".getBytes(StandardCharsets.UTF_8));
        store.seal(ID, "ignored".getBytes(StandardCharsets.UTF_8)); // idempotent

        Path dir = store.directory(ID);
        assertThat(store.isSealed(ID)).isTrue();
        assertThat(dir.resolve(ExportStore.COMPLETE)).hasContent("{\"complete\":true}");
        assertThat(dir.resolve(ExportStore.WORK)).doesNotExist();
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(p -> assertThat(PosixFilePermissions.toString(uncheckedPermissions(p)))
                    .as(dir.relativize(p).toString())
                    .isEqualTo(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
        }
        assertThatThrownBy(() -> store.stage(ID, "study-00002")).isInstanceOf(ExportStore.SealedExportException.class);
        assertThatThrownBy(() -> store.commitStudy(ID, "study-00000", new byte[0]))
                .isInstanceOf(ExportStore.SealedExportException.class);
        assertThatThrownBy(() -> store.writeTopLevel(ID, ExportStore.MANIFEST, new byte[0]))
                .isInstanceOf(ExportStore.SealedExportException.class);
        assertThat(dir.resolve(ExportStore.MANIFEST)).hasContent("{}");
    }

    @Test
    void downloadsReadOnlySealedExportsAndNeverLeaveTheExport() throws Exception {
        ExportStore store = new ExportStore(tmp);
        Path staging = store.stage(ID, "study-00000");
        write(staging.resolve("dicom/PSN1/2.25.1/2.25.2/2.25.3.dcm"), "dicom");
        store.commitStudy(ID, "study-00000", new byte[] {'{', '}'});
        assertThatThrownBy(() -> store.open(ID, "dicom/PSN1/2.25.1/2.25.2/2.25.3.dcm"))
                .isInstanceOf(NoSuchFileException.class);
        write(tmp.resolve("t1/secret.txt"), "another export's neighbour");
        store.seal(ID, new byte[] {'{', '}'});

        try (InputStream in = store.open(ID, "dicom/PSN1/2.25.1/2.25.2/2.25.3.dcm")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("dicom");
        }
        for (String bad : new String[] {"../secret.txt", "dicom/../../secret.txt", "/etc/passwd", "dicom//x",
                "dicom\\x", "", ".work/studies/study-00000.json", "dicom/PSN1/./2.25.1"}) {
            assertThatThrownBy(() -> store.open(ID, bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.open(ID, "dicom/PSN1")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.open(ID, "nothing-here.json")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aSymbolicLinkInASealedExportIsNotFollowed() throws Exception {
        ExportStore store = new ExportStore(tmp);
        write(tmp.resolve("t1/secret.txt"), "another export's neighbour");
        Path staging = store.stage(ID, "study-00000");
        write(staging.resolve("dicom/PSN1/2.25.1/2.25.2/2.25.3.dcm"), "dicom");
        Files.createSymbolicLink(staging.resolve("dicom/PSN1/2.25.1/2.25.2/link.dcm"), tmp.resolve("t1/secret.txt"));
        store.commitStudy(ID, "study-00000", new byte[] {'{', '}'});
        store.seal(ID, new byte[] {'{', '}'});

        assertThatThrownBy(() -> store.open(ID, "dicom/PSN1/2.25.1/2.25.2/link.dcm"))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(store.file(ID, "dicom/PSN1/2.25.1/2.25.2/2.25.3.dcm"))
                .isEqualTo(store.directory(ID).resolve("dicom/PSN1/2.25.1/2.25.2/2.25.3.dcm"));
    }

    @Test
    void pathRules() {
        assertThat(ExportStore.isExportPath("dicom/PSN1/2.25.1/2.25.2/2.25.3.dcm")).isTrue();
        assertThat(ExportStore.isExportPath(ExportStore.MANIFEST)).isTrue();
        for (String bad : new String[] {null, "", "/etc/passwd", "a/../../b", "..", "a//b", "a/./b", "a/", "a\\b",
                ".work/studies/study-00000.json", "dicom/.hidden", "a/b\0c", "dicom/" + "x".repeat(129)}) {
            assertThat(ExportStore.isExportPath(bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> uncheckedPermissions(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
