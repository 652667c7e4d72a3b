package io.custos.server.export.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.export.api.ExportEvents.ExportFailedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStartedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStudyCompletedEvent;
import io.custos.archive.export.api.ExportId;
import io.custos.archive.domain.TenantId;
import com.pixelmed.display.SourceImage;
import io.custos.deidentify.nifti.NiftiFile;
import io.custos.deidentify.pixel.BurnedInTextScrubber;
import io.custos.deidentify.pixel.TesseractOcr;
import io.custos.deidentify.release.PixelPath;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import io.custos.server.audit.PatientRefs;
import io.custos.server.export.store.ExportStore;
import io.custos.server.security.Role;
import io.custos.server.security.TokenMinter;
import io.custos.server.security.TokenRequest;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.ArchiveTestApp;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.EventPayloads;
import io.custos.server.testsupport.TestDirs;
import io.custos.server.testsupport.TestKeyspace;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The research export job on the whole archive (real PostgreSQL, the shared Cassandra node, the real pixel step:
 * Tesseract OCR and the burned-in text scrubber): two patients' PHI-rich studies are stored over STOW-RS, a
 * researcher requests their export, a steward approves, the job runs, the archive is stopped after the first study
 * and started again, and the job finishes without redoing it. The package is then checked from the outside: no
 * PHI and no source UID in any byte, no PHI readable by a fresh OCR in any exported image, the undecodable image
 * left out, UIDs remapped consistently, dates moved by one shift per patient, the manifest's hashes and sizes, the
 * split by patient, the report's pixel treatments and exclusions, the NIfTI volumes against dcm2niix run on the
 * exported DICOM, and the seal.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExportJobIT {

    private static final String TENANT = "expjob-t";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private static TestKeyspace keyspace;
    private static Path dataDir;
    private static ConfigurableApplicationContext archive;
    /** Per patient: bytes from the middle of its JPEG-LS image's code stream. */
    private static final Map<ExportCorpus.Patient, byte[]> UNDECODABLE = new HashMap<>();
    /** Released images per study: the CT slices, the redacted secondary capture, the SR. */
    private static final int RELEASED = ExportCorpus.SLICES + 2;

    @BeforeAll
    static void start() {
        keyspace = TestKeyspace.create(ExportJobIT.class);
        dataDir = TestDirs.newDataDir(ExportJobIT.class);
        archive = startArchive();
        DicomWebClient web = new DicomWebClient(archive);
        String service = web.token(TENANT, Role.SERVICE);
        try {
            for (ExportCorpus.Patient p : List.of(ExportCorpus.JOHANNA, ExportCorpus.RICHARD)) {
                List<byte[]> files = new ArrayList<>(ExportCorpus.study(p));
                byte[] undecodable = ExportCorpus.undecodable(p);
                UNDECODABLE.put(p, ExportCorpus.undecodablePixelBytes(undecodable));
                files.add(undecodable);
                HttpResponse<String> stored = web.stow(service, "/studies", files.toArray(byte[][]::new));
                assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ArchiveRecords.awaitCondition(() -> web.qido(service, "/studies").size() == 2, Duration.ofMinutes(2));
    }

    @AfterAll
    static void stop() {
        try {
            if (archive != null) {
                archive.close();
            }
        } finally {
            keyspace.close();
        }
    }

    private static ConfigurableApplicationContext startArchive() {
        return ArchiveTestApp.start(dataDir, keyspace, "--spring.main.sources=" + ExportJobTestBeans.class.getName());
    }

    @Test
    void anApprovedExportRunsResumesAfterARestartAndLeavesASealedDeidentifiedPackage(CapturedOutput output)
            throws Exception {
        DicomWebClient web = new DicomWebClient(archive);

        // The export runs through the archive's own pixel step, only wrapped by the restart hold.
        assertThat(ExportJobTestBeans.RestartHold.wrapped).isInstanceOf(BurnedInTextScrubber.class);
        assertThat(archive.getBean(PixelPath.class)).isInstanceOf(ExportJobTestBeans.RestartHold.class);
        // The job will stop at the first image of the second study until the archive is stopped.
        ExportJobTestBeans.RestartHold.reached = new CountDownLatch(1);
        ExportJobTestBeans.RestartHold.release = new CountDownLatch(1);
        ExportJobTestBeans.RestartHold.heldStudy = ExportCorpus.RICHARD.study();

        String rosa = token("rosa", Role.RESEARCHER);
        String sam = token("sam", Role.DATA_STEWARD);
        HttpResponse<String> created = post(web, rosa, "/exports", """
                {"project":"lung-ai","protocol":"IRB-2026-17","profileOptions":["RETAIN_LONGITUDINAL_MODIFIED_DATES"],
                 "studies":["%s","%s"],"nifti":true}""".formatted(ExportCorpus.JOHANNA.study(),
                ExportCorpus.RICHARD.study()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String uuid = DicomWebClient.json(created.body()).path("exportId").asString();
        ExportId id = new ExportId(TENANT + "/" + uuid);
        HttpResponse<String> approved = post(web, sam, "/exports/" + uuid + "/decision", "{\"approve\":true}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

        assertThat(ExportJobTestBeans.RestartHold.reached.await(3, TimeUnit.MINUTES)).as("the job reached the second study").isTrue();
        ArchiveRecords.awaitCondition(() -> status(web, rosa, uuid).path("studiesDone").asInt() == 1,
                Duration.ofMinutes(1));
        JsonNode halfway = status(web, rosa, uuid);
        assertThat(halfway.path("state").asString()).isEqualTo("RUNNING");
        assertThat(halfway.path("studiesDone").asInt()).isEqualTo(1);
        Path exportDir = dataDir.resolve("exports").resolve(TENANT).resolve(uuid);
        Map<String, String> firstStudy = hashes(exportDir.resolve("dicom"));
        firstStudy.putAll(hashes(exportDir.resolve("nifti")));
        assertThat(firstStudy).hasSize(RELEASED + 1); // CT slices, the secondary capture, the SR, one volume
        // The second study, half done, is only in the work directory: nothing of it is in place.
        try (Stream<Path> patients = Files.list(exportDir.resolve("dicom"))) {
            assertThat(patients).hasSize(1);
        }
        assertThat(exportDir.resolve(ExportStore.COMPLETE)).doesNotExist();

        // Stop the archive in the middle of the second study, then start it again on the same data.
        archive.close();
        archive = null;
        ExportJobTestBeans.RestartHold.heldStudy = null;
        ExportJobTestBeans.RestartHold.release.countDown();
        archive = startArchive();
        DicomWebClient again = new DicomWebClient(archive);
        String rosaAgain = token("rosa", Role.RESEARCHER);
        ArchiveRecords.awaitCondition(() -> "COMPLETED".equals(status(again, rosaAgain, uuid).path("state").asString()),
                Duration.ofMinutes(3));
        JsonNode done = status(again, rosaAgain, uuid);
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.path("studiesDone").asInt()).isEqualTo(2);
        assertThat(done.path("instancesExported").asInt()).isEqualTo(2 * RELEASED);
        assertThat(done.path("instancesExcluded").asInt()).isEqualTo(2);

        // Events: started twice (the second a resumption), each study once, no failure.
        List<ExportStartedEvent> starts = EventPayloads.ofType(archive, ExportStartedEvent.class).stream()
                .filter(e -> e.exportId().equals(id)).toList();
        assertThat(starts).extracting(ExportStartedEvent::resumed).containsExactly(false, true);
        assertThat(EventPayloads.ofType(archive, ExportStudyCompletedEvent.class).stream()
                .filter(e -> e.exportId().equals(id)).map(e -> e.study().value()).toList())
                .containsExactly(ExportCorpus.JOHANNA.study(), ExportCorpus.RICHARD.study());
        // Each study's patient as the audit trail keys patients, for the accounting of disclosures.
        PatientRefs refs = archive.getBean(PatientRefs.class);
        assertThat(EventPayloads.ofType(archive, ExportStudyCompletedEvent.class).stream()
                .filter(e -> e.exportId().equals(id)).map(ExportStudyCompletedEvent::patientRef).toList())
                .containsExactly(refs.of(new TenantId(TENANT), ExportCorpus.JOHANNA.id(), ""),
                        refs.of(new TenantId(TENANT), ExportCorpus.RICHARD.id(), ""));
        assertThat(EventPayloads.ofType(archive, ExportFailedEvent.class)).noneMatch(e -> e.exportId().equals(id));

        // The first study's files were not written again.
        Map<String, String> afterwards = hashes(exportDir.resolve("dicom"));
        afterwards.putAll(hashes(exportDir.resolve("nifti")));
        firstStudy.forEach((path, hash) -> assertThat(afterwards.get(path)).as(path).isEqualTo(hash));

        List<Path> files = regularFiles(exportDir);
        assertNoPhiNorSourceUid(exportDir, files);
        Map<String, AttributeList> dicom = dicomFiles(exportDir, files);
        assertNoPhiReadableInAnyImage(dicom);
        assertUidsRemappedAndDatesShifted(dicom);
        JsonNode manifest = assertManifest(exportDir, files, done.path("manifestSha256").asString());
        assertReport(exportDir);
        assertVolumesMatchDcm2niix(exportDir, dicom, manifest);
        assertSealed(exportDir, id);
        assertNothingIdentifyingLogged(output);
        assertInTheAuditTrail(again, id);
    }

    /**
     * The job's steps in the tenant's export report, and each exported study in its patient's accounting of
     * disclosures: exported for research (HRESCH) by the requester, for the project under the protocol.
     */
    private static void assertInTheAuditTrail(DicomWebClient web, ExportId id) throws Exception {
        String auditor = token("audrey", Role.AUDITOR);
        for (ExportCorpus.Patient p : List.of(ExportCorpus.JOHANNA, ExportCorpus.RICHARD)) {
            String lookup = "{\"patientId\":\"%s\",\"issuerOfPatientId\":\"\"}".formatted(p.id());
            JsonNode disclosure = awaitEntry(() -> post(web, auditor, "/audit/patients/accesses", lookup),
                    e -> "EXPORT_STUDY_EXPORTED".equals(e.path("kind").asString())
                            && e.path("detail").asString().contains("export=" + id.value()));
            assertThat(disclosure.path("subject").asString()).isEqualTo("rosa");
            assertThat(disclosure.path("purpose").asString()).isEqualTo("HRESCH");
            assertThat(disclosure.path("studyUid").asString()).isEqualTo(p.study());
            assertThat(disclosure.path("instances").asInt()).isEqualTo(RELEASED);
            assertThat(disclosure.path("outcome").asString()).isEqualTo("EXPORTED");
            assertThat(disclosure.path("detail").asString()).contains("project=lung-ai", "protocol=IRB-2026-17",
                    "excluded=1");
        }
        awaitEntry(() -> get(web, auditor, "/audit/exports"), e -> "EXPORT_COMPLETED".equals(e.path("kind")
                .asString()) && e.path("detail").asString().contains("export=" + id.value()));
        List<String> steps = new ArrayList<>();
        for (JsonNode e : DicomWebClient.json(get(web, auditor, "/audit/exports").body()).path("entries")) {
            if (e.path("detail").asString().contains("export=" + id.value())) {
                steps.add(e.path("kind").asString() + ":" + e.path("outcome").asString());
                if (e.path("kind").asString().matches("EXPORT_(STARTED|STUDY_EXPORTED|COMPLETED)")) {
                    assertThat(e.path("subject").asString()).as(e.toString()).isEqualTo("rosa");
                }
            }
        }
        assertThat(steps).containsExactlyInAnyOrder("EXPORT_REQUESTED:REQUESTED", "EXPORT_APPROVED:APPROVED",
                "EXPORT_STARTED:STARTED", "EXPORT_STUDY_EXPORTED:EXPORTED", "EXPORT_STARTED:RESUMED",
                "EXPORT_STUDY_EXPORTED:EXPORTED", "EXPORT_COMPLETED:COMPLETED");
    }

    private static JsonNode awaitEntry(java.util.concurrent.Callable<HttpResponse<String>> request,
                                       java.util.function.Predicate<JsonNode> wanted) throws Exception {
        JsonNode[] found = new JsonNode[1];
        ArchiveRecords.awaitCondition(() -> {
            try {
                HttpResponse<String> response = request.call();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                for (JsonNode e : DicomWebClient.json(response.body()).path("entries")) {
                    if (wanted.test(e)) {
                        found[0] = e;
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofMinutes(1));
        assertThat(found[0]).as("an audit entry").isNotNull();
        return found[0];
    }

    private static HttpResponse<String> get(DicomWebClient web, String token, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(web.root() + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFailedExportRecordsAReasonCodeAndCompletesWhenStartedAgain() throws Exception {
        DicomWebClient web = new DicomWebClient(archive);
        String rosa = token("rosa", Role.RESEARCHER);
        String sam = token("sam", Role.DATA_STEWARD);
        HttpResponse<String> created = post(web, rosa, "/exports", """
                {"project":"lung-ai","protocol":"IRB-2026-17","profileOptions":[],"studies":["%s"]}"""
                .formatted(ExportCorpus.JOHANNA.study()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String uuid = DicomWebClient.json(created.body()).path("exportId").asString();
        ExportId id = new ExportId(TENANT + "/" + uuid);
        // The store cannot create the export's directory: a file is in the way.
        Path blocker = archive.getBean(ExportStore.class).directory(id);
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "in the way");
        assertThat(post(web, sam, "/exports/" + uuid + "/decision", "{\"approve\":true}").statusCode()).isEqualTo(200);
        ArchiveRecords.awaitCondition(() -> "FAILED".equals(status(web, rosa, uuid).path("state").asString()),
                Duration.ofMinutes(2));
        JsonNode failed = status(web, rosa, uuid);
        assertThat(failed.path("state").asString()).isEqualTo("FAILED");
        assertThat(failed.path("reason").asString()).isEqualTo("STORE_UNAVAILABLE");

        Files.delete(blocker);
        assertThat(archive.getBean(ExportJobs.class).submit(id)).isTrue();
        ArchiveRecords.awaitCondition(() -> "COMPLETED".equals(status(web, rosa, uuid).path("state").asString()),
                Duration.ofMinutes(2));
        JsonNode completed = status(web, rosa, uuid);
        assertThat(completed.path("studiesDone").asInt()).isEqualTo(1);
        assertThat(completed.path("reason").isNull() || completed.path("reason").isMissingNode()).isTrue();
        assertThat(EventPayloads.ofType(archive, ExportStartedEvent.class).stream()
                .filter(e -> e.exportId().equals(id)).map(ExportStartedEvent::resumed)).containsExactly(false, true);
        assertThat(blocker.resolve(ExportStore.COMPLETE)).exists();
        // no NIfTI asked for
        assertThat(blocker.resolve(ExportStore.NIFTI)).doesNotExist();
    }

    /** The archive's log of the run: no PHI at all, and the export job names no source UID. */
    private static void assertNothingIdentifyingLogged(CapturedOutput output) {
        String log = output.getAll();
        assertThat(log).contains("export " + TENANT + "/");
        for (ExportCorpus.Patient p : List.of(ExportCorpus.JOHANNA, ExportCorpus.RICHARD)) {
            // (3-letter surnames left out: "Doe" is also the start of ordinary words)
            for (String phi : p.phi().stream().filter(v -> v.length() >= 5).toList()) {
                assertThat(log).as("the log").doesNotContain(phi);
            }
        }
        List<String> jobLines = log.lines().filter(l -> l.contains("io.custos.server.export")).toList();
        assertThat(jobLines).isNotEmpty();
        for (String line : jobLines) {
            for (ExportCorpus.Patient p : List.of(ExportCorpus.JOHANNA, ExportCorpus.RICHARD)) {
                for (String uid : ExportCorpus.uids(p)) {
                    assertThat(line).doesNotContain(uid);
                }
            }
        }
    }

    private static void assertNoPhiNorSourceUid(Path exportDir, List<Path> files) throws Exception {
        List<String> forbidden = new ArrayList<>();
        for (ExportCorpus.Patient p : List.of(ExportCorpus.JOHANNA, ExportCorpus.RICHARD)) {
            forbidden.addAll(p.phi());
            forbidden.add(p.studyDate());
            forbidden.addAll(ExportCorpus.uids(p));
        }
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            if (file.toString().endsWith(".gz")) {
                try (var in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    bytes = in.readAllBytes();
                }
            }
            for (byte[] undecodable : UNDECODABLE.values()) {
                assertThat(indexOf(bytes, undecodable)).as("the undecodable image's pixels in %s",
                        exportDir.relativize(file)).isEqualTo(-1);
            }
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            String upper = text.toUpperCase(java.util.Locale.ROOT);
            // Three-letter values ("Doe", "Roe") occur by chance, case ignored, in 8-bit pixel noise (letters are
            // bytes 65-122): for them the pixel data's value is left out (what is drawn there is OCR's to check).
            String upperWithoutPixels = file.toString().endsWith(".dcm")
                    ? new String(withoutPixelData(bytes), StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT)
                    : upper;
            for (String value : forbidden) {
                String in = value.length() < 5 ? upperWithoutPixels : upper;
                assertThat(text.contains(value) || in.contains(value.toUpperCase(java.util.Locale.ROOT)))
                        .as("a forbidden value in %s", exportDir.relativize(file)).isFalse();
            }
        }
    }

    /**
     * A fresh Tesseract reads every exported image (and, as a control, the source secondary captures): none of the
     * PHI drawn into the sources is readable any more (compared as lower-case letters and digits only, over all the
     * text read in an image).
     */
    private static void assertNoPhiReadableInAnyImage(Map<String, AttributeList> dicom) throws Exception {
        try (TesseractOcr ocr = TesseractOcr.fromSystem()) {
            for (ExportCorpus.Patient p : List.of(ExportCorpus.JOHANNA, ExportCorpus.RICHARD)) {
                AttributeList source = new AttributeList();
                try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(
                        ExportCorpus.study(p).get(ExportCorpus.SLICES)))) {
                    source.read(in);
                }
                String read = readText(ocr, source);
                long found = p.drawnPhi().stream().filter(v -> read.contains(normalised(v))).count();
                assertThat(found).as("the source's burned-in PHI must be readable, else this proves nothing")
                        .isGreaterThanOrEqualTo(p.drawnPhi().size() - 1);
            }
            List<String> phi = new ArrayList<>(ExportCorpus.JOHANNA.drawnPhi());
            phi.addAll(ExportCorpus.RICHARD.drawnPhi());
            int images = 0;
            for (Map.Entry<String, AttributeList> file : dicom.entrySet()) {
                if (file.getValue().getPixelData() == null) {
                    continue;
                }
                images++;
                String read = readText(ocr, file.getValue());
                for (int i = 0; i < phi.size(); i++) {
                    assertThat(read.contains(normalised(phi.get(i)))).as("PHI #%d readable in %s", i, file.getKey())
                            .isFalse();
                }
            }
            assertThat(images).isEqualTo(2 * (ExportCorpus.SLICES + 1));
        }
    }

    /** All text OCR reads in the image's frames (min-max scaled to 8 bits, upscaled to 512, both polarities). */
    private static String readText(TesseractOcr ocr, AttributeList list) throws Exception {
        SourceImage image = new SourceImage(list);
        StringBuilder text = new StringBuilder();
        for (int f = 0; f < image.getNumberOfBufferedImages(); f++) {
            java.awt.image.Raster raster = image.getBufferedImage(f).getRaster();
            int w = raster.getWidth();
            int h = raster.getHeight();
            int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int v : samples) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] g = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < samples.length; i++) {
                g[i] = (byte) (max == min ? 0 : Math.round(255.0 * (samples[i] - min) / (max - min)));
            }
            int scale = Math.max(1, 512 / Math.max(w, h));
            BufferedImage big = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g2 = big.createGraphics();
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g2.drawImage(gray, 0, 0, w * scale, h * scale, null);
            g2.dispose();
            byte[] pixels = ((DataBufferByte) big.getRaster().getDataBuffer()).getData();
            byte[] inverted = new byte[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                inverted[i] = (byte) (255 - (pixels[i] & 0xff));
            }
            for (byte[] reading : List.of(pixels, inverted)) {
                ocr.read(reading, big.getWidth(), big.getHeight()).forEach(word -> text.append(word.text()).append(' '));
            }
        }
        return normalised(text.toString());
    }

    private static String normalised(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    /** A Part 10 file (Explicit VR Little Endian) with the value of its native Pixel Data zeroed. */
    private static byte[] withoutPixelData(byte[] part10) {
        for (int i = part10.length - 12; i >= 132; i--) {
            if ((part10[i] & 0xff) == 0xE0 && (part10[i + 1] & 0xff) == 0x7F && part10[i + 2] == 0x10
                    && part10[i + 3] == 0 && part10[i + 4] == 'O') {
                long length = (part10[i + 8] & 0xffL) | (part10[i + 9] & 0xffL) << 8 | (part10[i + 10] & 0xffL) << 16
                        | (part10[i + 11] & 0xffL) << 24;
                if (i + 12 + length <= part10.length) {
                    byte[] copy = part10.clone();
                    java.util.Arrays.fill(copy, i + 12, (int) (i + 12 + length), (byte) 0);
                    return copy;
                }
            }
        }
        return part10;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void assertUidsRemappedAndDatesShifted(Map<String, AttributeList> dicom) {
        assertThat(dicom).hasSize(2 * RELEASED);
        Map<String, Set<String>> studiesByPatient = new HashMap<>();
        Map<String, Set<Long>> shiftsByPatient = new HashMap<>();
        Map<String, Set<String>> ctSeriesByPatient = new HashMap<>();
        Map<String, Set<String>> framesByPatient = new HashMap<>();
        Set<String> sops = new HashSet<>();
        Set<String> source = new HashSet<>(ExportCorpus.uids(ExportCorpus.JOHANNA));
        source.addAll(ExportCorpus.uids(ExportCorpus.RICHARD));
        Map<String, ExportCorpus.Patient> bySourceDate = Map.of(ExportCorpus.JOHANNA.studyDate(),
                ExportCorpus.JOHANNA, ExportCorpus.RICHARD.studyDate(), ExportCorpus.RICHARD);
        for (Map.Entry<String, AttributeList> entry : dicom.entrySet()) {
            String[] path = entry.getKey().split("/");
            AttributeList list = entry.getValue();
            String patient = path[1];
            assertThat(patient).startsWith("PSN");
            assertThat(value(list, TagFromName.PatientID)).isEqualTo(patient);
            String study = value(list, TagFromName.StudyInstanceUID);
            String series = value(list, TagFromName.SeriesInstanceUID);
            String sop = value(list, TagFromName.SOPInstanceUID);
            assertThat(path[2]).isEqualTo(study);
            assertThat(path[3]).isEqualTo(series);
            assertThat(path[4]).isEqualTo(sop + ".dcm");
            assertThat(List.of(study, series, sop)).doesNotContainAnyElementsOf(source);
            assertThat(sops.add(sop)).as("SOP Instance UIDs are unique").isTrue();
            studiesByPatient.computeIfAbsent(patient, k -> new HashSet<>()).add(study);
            if ("CT".equals(value(list, TagFromName.Modality))) {
                ctSeriesByPatient.computeIfAbsent(patient, k -> new HashSet<>()).add(series);
                framesByPatient.computeIfAbsent(patient, k -> new HashSet<>())
                        .add(value(list, TagFromName.FrameOfReferenceUID));
            }
            // Every date of the patient moved by the same number of days (Modified Dates option).
            for (AttributeTag tag : List.of(TagFromName.StudyDate, TagFromName.SeriesDate, TagFromName.AcquisitionDate,
                    TagFromName.ContentDate)) {
                String shifted = value(list, tag);
                if (!shifted.isEmpty()) {
                    ExportCorpus.Patient p = patientOf(list, bySourceDate, shifted);
                    long delta = ChronoUnit.DAYS.between(LocalDate.parse(p.studyDate(), DA),
                            LocalDate.parse(shifted, DA));
                    shiftsByPatient.computeIfAbsent(patient, k -> new HashSet<>()).add(delta);
                }
            }
        }
        assertThat(studiesByPatient).hasSize(2).allSatisfy((p, studies) -> assertThat(studies).hasSize(1));
        assertThat(ctSeriesByPatient).hasSize(2).allSatisfy((p, series) -> assertThat(series).hasSize(1));
        assertThat(framesByPatient).allSatisfy((p, frames) -> assertThat(frames).hasSize(1)
                .doesNotContainAnyElementsOf(source));
        assertThat(shiftsByPatient).hasSize(2).allSatisfy((p, shifts) -> assertThat(shifts).hasSize(1)
                .doesNotContain(0L));
    }

    /** Which source patient an output belongs to: both studies are dated apart by far more than any shift. */
    private static ExportCorpus.Patient patientOf(AttributeList list, Map<String, ExportCorpus.Patient> bySourceDate,
                                                  String shifted) {
        LocalDate date = LocalDate.parse(shifted, DA);
        return bySourceDate.values().stream()
                .min(java.util.Comparator.comparingLong(p -> Math.abs(ChronoUnit.DAYS.between(
                        LocalDate.parse(p.studyDate(), DA), date))))
                .orElseThrow();
    }

    private static JsonNode assertManifest(Path exportDir, List<Path> files, String recordedSha) throws Exception {
        byte[] bytes = Files.readAllBytes(exportDir.resolve(ExportStore.MANIFEST));
        assertThat(sha256(bytes)).isEqualTo(recordedSha);
        JsonNode manifest = DicomWebClient.json(new String(bytes, StandardCharsets.UTF_8));
        Set<String> listed = new HashSet<>();
        Map<String, String> splitOfPatient = new TreeMap<>();
        for (JsonNode file : manifest.path("files")) {
            String path = file.path("path").asString();
            listed.add(path);
            Path on = exportDir.resolve(path);
            assertThat(on).as(path).exists();
            assertThat(Files.size(on)).as(path).isEqualTo(file.path("bytes").asLong());
            assertThat(sha256(Files.readAllBytes(on))).as(path).isEqualTo(file.path("sha256").asString());
            if (!file.path("patient").isNull() && !file.path("patient").isMissingNode()) {
                String patient = file.path("patient").asString();
                String split = file.path("split").asString();
                String before = splitOfPatient.putIfAbsent(patient, split);
                assertThat(before == null || before.equals(split)).as("one split per patient").isTrue();
                assertThat(manifest.path("splits").path(patient).asString()).isEqualTo(split);
            }
        }
        Set<String> onDisk = new HashSet<>();
        files.forEach(f -> onDisk.add(exportDir.relativize(f).toString()));
        onDisk.remove(ExportStore.MANIFEST);
        onDisk.remove(ExportStore.COMPLETE);
        assertThat(listed).isEqualTo(onDisk);
        assertThat(splitOfPatient).hasSize(2);
        assertThat(manifest.path("counts").path("instances").asInt()).isEqualTo(2 * RELEASED);
        assertThat(manifest.path("counts").path("excludedInstances").asInt()).isEqualTo(2);
        assertThat(manifest.path("counts").path("niftiVolumes").asInt()).isEqualTo(2);
        return manifest;
    }

    private static void assertReport(Path exportDir) throws Exception {
        JsonNode report = DicomWebClient.json(Files.readString(exportDir.resolve(ExportStore.REPORT)));
        assertThat(report.path("studies")).hasSize(2);
        int excluded = 0;
        for (JsonNode study : report.path("studies")) {
            assertThat(study.path("instances")).hasSize(RELEASED + 1);
            Map<String, Integer> treatments = new TreeMap<>();
            for (JsonNode instance : study.path("instances")) {
                treatments.merge(instance.path("pixels").asString(), 1, Integer::sum);
                if (instance.path("excluded").isNull() || instance.path("excluded").isMissingNode()) {
                    assertThat(exportDir.resolve(instance.path("output").asString())).exists();
                    assertThat(instance.path("header").path("PSEUDONYMISED").toString()).contains("PatientID");
                    if ("REDACTED_REENCODED".equals(instance.path("pixels").asString())) {
                        // The secondary capture with burned-in PHI: redacted, its regions reported (no text).
                        assertThat(instance.path("burnedInAnnotation").asBoolean()).isTrue();
                        assertThat(instance.path("regions")).isNotEmpty().allSatisfy(r -> {
                            assertThat(r.path("finding").asString()).isIn("OCR_TEXT", "LOCATION_RULE");
                            assertThat(r.path("x").asInt() + r.path("width").asInt())
                                    .isLessThanOrEqualTo(ExportCorpus.SC_SIZE);
                            assertThat(r.path("y").asInt() + r.path("height").asInt())
                                    .isLessThanOrEqualTo(ExportCorpus.SC_SIZE);
                        });
                    } else {
                        assertThat(instance.path("regions")).isEmpty();
                    }
                } else {
                    excluded++;
                    // The JPEG-LS image: its pixels cannot be read, so it is not released.
                    assertThat(instance.path("excluded").asString()).isEqualTo("PIXELS_NOT_DECODABLE");
                    assertThat(instance.path("pixels").asString()).isEqualTo("NOT_RELEASED");
                    assertThat(instance.path("output").isNull() || instance.path("output").isMissingNode()).isTrue();
                }
            }
            assertThat(treatments).containsExactlyInAnyOrderEntriesOf(Map.of("CHECKED_UNCHANGED", ExportCorpus.SLICES,
                    "REDACTED_REENCODED", 1, "NO_PIXELS", 1, "NOT_RELEASED", 1));
            assertThat(study.path("volumes")).hasSize(1);
            assertThat(study.path("volumes").get(0).path("output").asString()).startsWith("nifti/");
        }
        assertThat(excluded).isEqualTo(2);
    }

    private static void assertVolumesMatchDcm2niix(Path exportDir, Map<String, AttributeList> dicom, JsonNode manifest)
            throws Exception {
        int volumes = 0;
        for (JsonNode file : manifest.path("files")) {
            if (!"NIFTI".equals(file.path("kind").asString())) {
                continue;
            }
            volumes++;
            String path = file.path("path").asString(); // nifti/<patient>/<series>.nii.gz
            String patient = path.split("/")[1];
            String series = path.split("/")[2].replace(".nii.gz", "");
            Path seriesDir = dicom.keySet().stream().filter(p -> p.startsWith("dicom/" + patient + "/")
                    && p.split("/")[3].equals(series)).findFirst().map(p -> exportDir.resolve(p).getParent())
                    .orElseThrow();
            NiftiFile mine = NiftiFile.read(Files.readAllBytes(exportDir.resolve(path)));
            NiftiFile reference = NiftiFile.read(Files.readAllBytes(dcm2niix(seriesDir, patient)));
            assertThat(mine.voxels()).isEqualTo(reference.voxels())
                    .isEqualTo(ExportCorpus.SIZE * ExportCorpus.SIZE * ExportCorpus.SLICES);
            assertThat(mine.pixdim[0]).isCloseTo(ExportCorpus.SPACING[1], within(1e-5));
            assertThat(mine.pixdim[1]).isCloseTo(ExportCorpus.SPACING[0], within(1e-5));
            assertThat(mine.pixdim[2]).isCloseTo(ExportCorpus.GAP, within(1e-4));
            double[][] inverse = NiftiFile.invert(reference.sform);
            for (int k = 0; k < mine.dim[2]; k++) {
                for (int j = 0; j < mine.dim[1]; j++) {
                    for (int i = 0; i < mine.dim[0]; i++) {
                        double[] world = NiftiFile.apply(mine.sform, i, j, k);
                        double[] at = NiftiFile.apply(inverse, world[0], world[1], world[2]);
                        int[] index = new int[3];
                        for (int a = 0; a < 3; a++) {
                            index[a] = (int) Math.round(at[a]);
                            assertThat(at[a]).as("voxel (%d,%d,%d) axis %d", i, j, k, a)
                                    .isCloseTo(index[a], within(1e-3));
                        }
                        assertThat(mine.real(i, j, k)).as("voxel (%d,%d,%d)", i, j, k)
                                .isCloseTo(reference.real(index[0], index[1], index[2]), within(1e-6));
                    }
                }
            }
        }
        assertThat(volumes).isEqualTo(2);
    }

    private static void assertSealed(Path exportDir, ExportId id) throws Exception {
        assertThat(exportDir.resolve(ExportStore.COMPLETE)).exists();
        assertThat(exportDir.resolve(".work")).doesNotExist();
        try (Stream<Path> all = Files.walk(exportDir)) {
            for (Path p : all.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                        .as(exportDir.relativize(p).toString())
                        .isEqualTo(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--");
            }
        }
        ExportStore store = archive.getBean(ExportStore.class);
        assertThat(store.directory(id)).isEqualTo(exportDir);
        assertThatThrownBy(() -> store.stage(id, "study-00000")).isInstanceOf(ExportStore.SealedExportException.class);
        assertThatThrownBy(() -> store.writeTopLevel(id, ExportStore.MANIFEST, new byte[0]))
                .isInstanceOf(ExportStore.SealedExportException.class);
        assertThat(store.open(id, ExportStore.MANIFEST).readAllBytes())
                .isEqualTo(Files.readAllBytes(exportDir.resolve(ExportStore.MANIFEST)));
        assertThatThrownBy(() -> store.open(id, "../" + id.value().substring(id.value().indexOf('/') + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- helpers

    private static Path dcm2niix(Path seriesDir, String name) throws Exception {
        Path out = Files.createDirectories(dataDir.resolve("dcm2niix-" + name));
        Path log = out.resolve("dcm2niix.log");
        Process p = new ProcessBuilder("dcm2niix", "-z", "n", "-b", "n", "-f", "reference", "-o", out.toString(),
                seriesDir.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Path nii = out.resolve("reference.nii");
        assertThat(nii).as(Files.readString(log)).exists();
        return nii;
    }

    private static Map<String, AttributeList> dicomFiles(Path exportDir, List<Path> files) throws Exception {
        Map<String, AttributeList> dicom = new TreeMap<>();
        for (Path file : files) {
            String relative = exportDir.relativize(file).toString();
            if (relative.startsWith("dicom/")) {
                AttributeList list = new AttributeList();
                list.setDecompressPixelData(false);
                try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
                    list.read(in);
                }
                dicom.put(relative, list);
            }
        }
        return dicom;
    }

    private static List<Path> regularFiles(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Map<String, String> hashes(Path dir) throws Exception {
        Map<String, String> hashes = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            for (Path file : regularFiles(dir)) {
                hashes.put(dir.getParent().relativize(file).toString(), sha256(Files.readAllBytes(file))
                        + "@" + Files.getLastModifiedTime(file).toMillis());
            }
        }
        return hashes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String value(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).strip();
    }

    private static JsonNode status(DicomWebClient web, String token, String uuid) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(web.root() + "/exports/" + uuid))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? DicomWebClient.json(r.body()) : DicomWebClient.json("{}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(String subject, Role... roles) {
        return archive.getBean(TokenMinter.class).mint(new TokenRequest(subject, Set.of(roles), TENANT,
                Set.of("local"), Duration.ofHours(1)));
    }

    private static HttpResponse<String> post(DicomWebClient web, String token, String path, String json)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(web.root() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
