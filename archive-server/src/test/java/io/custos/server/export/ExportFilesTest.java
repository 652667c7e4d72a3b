package io.custos.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.export.api.ExportId;
import io.custos.server.export.store.ExportStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest rule and the manifest cache; where files are and which paths can be opened at all (sealed exports
 * only, no traversal, no links) is {@code ExportStoreTest}'s.
 */
class ExportFilesTest {

    private static final String UUID = "0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90";
    private static final ExportId ID = new ExportId("t1/" + UUID);
    private static final String LISTED = "dicom/P1/2.25.1/2.25.2/a.dcm";
    private static final String UNLISTED = "dicom/P1/2.25.1/2.25.2/unlisted.dcm";

    @TempDir
    Path root;

    @Test
    void servesTheManifestAndOnlyThePathsItLists() throws Exception {
        ExportStore store = new ExportStore(root);
        exportWith(store, """
                {"format":"custos-export-manifest-v1","files":[
                  {"path":"%s","kind":"DICOM","bytes":1},
                  {"path":"../outside.txt","kind":"DICOM","bytes":1},
                  {"path":".work/studies/study-00000.json","kind":"DICOM","bytes":1},
                  {"path":"dicom/P1/2.25.1/2.25.2/missing.dcm","kind":"DICOM","bytes":1}]}""".formatted(LISTED));
        store.seal(ID, new byte[] {'{', '}'});

        ExportFiles.Export export = new ExportFiles(store).find(ID).orElseThrow();

        // Paths the store would refuse are not even listed.
        assertThat(export.paths()).containsExactly(LISTED, "dicom/P1/2.25.1/2.25.2/missing.dcm");
        assertThat(export.lists(UNLISTED)).isFalse();
        assertThat(export.file(LISTED)).hasValue(store.directory(ID).resolve(LISTED));
        assertThat(export.file(UNLISTED)).isEmpty();
        assertThat(export.file("dicom/P1/2.25.1/2.25.2/missing.dcm")).isEmpty();
        assertThat(export.file("../outside.txt")).isEmpty();
        assertThat(export.file("dicom/P1/2.25.1/2.25.2/../2.25.2/a.dcm")).isEmpty();
        assertThat(export.manifest()).isEqualTo(store.directory(ID).resolve(ExportStore.MANIFEST));
        try (InputStream in = export.open(LISTED).orElseThrow()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("A");
        }
        try (InputStream in = export.open(ExportStore.MANIFEST).orElseThrow()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains(LISTED);
        }
        assertThat(export.open(UNLISTED)).isEmpty();
        assertThat(export.open("dicom/P1/2.25.1/2.25.2/missing.dcm")).isEmpty();
    }

    @Test
    void anExportNotSealedYetOrOfAnotherTenantIsNotThere() throws Exception {
        ExportStore store = new ExportStore(root);
        ExportFiles files = new ExportFiles(store);
        assertThat(files.find(ID)).isEmpty();
        // Files and manifest written, not sealed: the job has not finished it, nothing is served.
        exportWith(store, "{\"files\":[{\"path\":\"%s\"}]}".formatted(LISTED));
        assertThat(files.find(ID)).isEmpty();
        store.seal(ID, new byte[] {'{', '}'});
        assertThat(files.find(ID)).hasValueSatisfying(e -> assertThat(e.paths()).containsExactly(LISTED));
        assertThat(files.find(new ExportId("t2/" + UUID))).isEmpty();
    }

    @Test
    void aChangedManifestIsReadAgain() throws Exception {
        ExportStore store = new ExportStore(root);
        exportWith(store, "{\"files\":[]}");
        store.seal(ID, new byte[] {'{', '}'});
        ExportFiles files = new ExportFiles(store);
        assertThat(files.find(ID).orElseThrow().paths()).isEmpty();
        assertThat(files.find(ID).orElseThrow().paths()).isEmpty();
        // Not something the archive does to a sealed export; an operator's hand would be noticed all the same.
        Path manifest = store.directory(ID).resolve(ExportStore.MANIFEST);
        Files.setPosixFilePermissions(manifest, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(manifest, "{\"files\":[{\"path\":\"%s\"}]}".formatted(LISTED));
        assertThat(files.find(ID).orElseThrow().paths()).containsExactly(LISTED);
    }

    /** One committed study with a listed and an unlisted file, and the given manifest; not sealed. */
    private void exportWith(ExportStore store, String manifest) throws Exception {
        Path staging = store.stage(ID, "study-00000");
        Path series = Files.createDirectories(staging.resolve("dicom/P1/2.25.1/2.25.2"));
        Files.writeString(series.resolve("a.dcm"), "A");
        Files.writeString(series.resolve("unlisted.dcm"), "U");
        store.commitStudy(ID, "study-00000", new byte[] {'{', '}'});
        Files.writeString(root.resolve("t1/outside.txt"), "O");
        store.writeTopLevel(ID, ExportStore.MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
    }
}
