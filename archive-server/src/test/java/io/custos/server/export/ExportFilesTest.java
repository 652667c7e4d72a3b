package io.custos.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.export.api.ExportId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportFilesTest {

    private static final String UUID = "0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90";

    @Test
    void servesOnlyTheManifestsPathsInsideTheExport(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("t1").resolve(UUID));
        Files.createDirectories(dir.resolve("dicom/s1"));
        Files.writeString(dir.resolve("dicom/s1/a.dcm"), "A");
        Files.writeString(dir.resolve("dicom/s1/unlisted.dcm"), "U");
        Files.writeString(root.resolve("outside.txt"), "O");
        Files.createSymbolicLink(dir.resolve("link.dcm"), root.resolve("outside.txt"));
        Files.writeString(dir.resolve("manifest.json"), """
                {"format":"custos-export-manifest-v1","files":[
                  {"path":"dicom/s1/a.dcm","kind":"DICOM","bytes":1},
                  {"path":"link.dcm","kind":"DICOM","bytes":1},
                  {"path":"../outside.txt","kind":"DICOM","bytes":1},
                  {"path":"missing.dcm","kind":"DICOM","bytes":1}]}""");

        ExportFiles.Export export = new ExportFiles(root).find(new ExportId("t1/" + UUID)).orElseThrow();

        assertThat(export.paths()).containsExactly("dicom/s1/a.dcm", "link.dcm", "missing.dcm");
        assertThat(export.file("dicom/s1/a.dcm")).hasValue(dir.resolve("dicom/s1/a.dcm"));
        assertThat(export.file("dicom/s1/unlisted.dcm")).isEmpty();
        assertThat(export.file("../outside.txt")).isEmpty();
        assertThat(export.file("dicom/s1/../s1/a.dcm")).isEmpty();
        assertThat(export.file("link.dcm")).isEmpty();
        assertThat(export.file("missing.dcm")).isEmpty();
        assertThat(export.manifest()).isEqualTo(dir.resolve("manifest.json"));
    }

    @Test
    void anExportWithoutManifestOrOfAnotherTenantIsNotThere(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("t1").resolve(UUID));
        assertThat(new ExportFiles(root).find(new ExportId("t1/" + UUID))).isEmpty();
        Files.writeString(root.resolve("t1").resolve(UUID).resolve("manifest.json"), "{\"files\":[]}");
        assertThat(new ExportFiles(root).find(new ExportId("t1/" + UUID))).isPresent();
        assertThat(new ExportFiles(root).find(new ExportId("t2/" + UUID))).isEmpty();
    }

    @Test
    void aRewrittenManifestIsReadAgain(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("t1").resolve(UUID));
        Files.writeString(dir.resolve("a.dcm"), "A");
        Files.writeString(dir.resolve("manifest.json"), "{\"files\":[]}");
        ExportFiles files = new ExportFiles(root);
        ExportId id = new ExportId("t1/" + UUID);
        assertThat(files.find(id).orElseThrow().paths()).isEmpty();
        assertThat(files.find(id).orElseThrow().paths()).isEmpty();
        Files.writeString(dir.resolve("manifest.json"), "{\"files\":[{\"path\":\"a.dcm\"}]}");
        assertThat(files.find(id).orElseThrow().paths()).containsExactly("a.dcm");
    }

    @Test
    void pathRules() {
        assertThat(ExportFiles.safe("dicom/a/b.dcm")).isTrue();
        assertThat(ExportFiles.safe("/etc/passwd")).isFalse();
        assertThat(ExportFiles.safe("a/../../b")).isFalse();
        assertThat(ExportFiles.safe("a//b")).isFalse();
        assertThat(ExportFiles.safe("a/./b")).isFalse();
        assertThat(ExportFiles.safe("a\\b")).isFalse();
        assertThat(ExportFiles.safe("")).isFalse();
    }
}
