package io.custos.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.server.cli.VerifyBundleCommand;
import io.custos.server.security.Role;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.RunningArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Evidence bundles in the whole archive (real PostgreSQL and Cassandra): a clinician stores, searches and reads
 * frames of a study; the auditor exports the patient's accounting as a bundle; {@code custos verify-bundle},
 * given only the file and the public key, exits 0, and 1 naming MODIFIED once a payload byte in the file is
 * changed. The study's trail still verifies after the study was crypto-shredded. A bundle request with a page
 * token is refused with problem+json, a clinician gets 403, and the export itself is an audit event.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvidenceBundleIT {

    private static final String TENANT = "evidence-t";
    private static final String BUNDLE = "application/vnd.custos.evidence+zip";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunningArchive archive;
    private static DicomWebClient web;
    private static JdbcTemplate jdbc;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String study;
    private static String lookup;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        archive = RunningArchive.start(EvidenceBundleIT.class, "--custos.ledger.checkpoint-every=4",
                "--custos.tenants." + TENANT + ".retention.minimum=P0D", "--custos.ledger.poll=200ms");
        web = new DicomWebClient(archive.context());
        jdbc = new JdbcTemplate(archive.context().getBean(DataSource.class));
        work = Files.createDirectories(archive.dataDir().resolve("evidence-test"));
        Path ct = Corpus.file("test_files/CT_small.dcm");
        AttributeList list = new AttributeList();
        list.read(ct.toString(), TagFromName.PixelData);
        study = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.StudyInstanceUID);
        String series = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SeriesInstanceUID);
        String instance = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID);
        lookup = JSON.writeValueAsString(Map.of(
                "patientId", Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientID),
                "issuerOfPatientId", Attribute.getSingleStringValueOrEmptyString(list, TagFromName.IssuerOfPatientID)));

        String clinician = web.token(TENANT, Role.CLINICIAN);
        assertThat(web.stow(clinician, "/studies", Files.readAllBytes(ct)).statusCode()).isEqualTo(200);
        ArchiveRecords.awaitCondition(() -> web.get(clinician, "/studies/" + study + "/series").statusCode() == 200,
                Duration.ofMinutes(1));
        String patientQuery = "/studies?PatientID=" + JSON.readTree(lookup).get("patientId").asString();
        for (int i = 0; i < 3; i++) {
            assertThat(web.get(clinician, patientQuery).statusCode()).isEqualTo(200);
        }
        HttpResponse<byte[]> frame = HTTP.send(HttpRequest.newBuilder(URI.create(web.root() + "/dicom-web/studies/"
                        + study + "/series/" + series + "/instances/" + instance + "/frames/1"))
                .header("Authorization", "Bearer " + clinician).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(frame.statusCode()).isEqualTo(200);
        // The accounting shows the searches and the frame window before anything is exported.
        ArchiveRecords.awaitCondition(() -> {
            JsonNode entries = JSON.readTree(patientReport(null).body()).get("entries");
            return entries.valueStream().filter(e -> e.get("kind").asString().equals("QIDO_SEARCH")).count() >= 3
                    && entries.valueStream().anyMatch(e -> e.get("kind").asString().equals("WADO_FRAMES"));
        }, Duration.ofMinutes(1));
    }

    @AfterAll
    static void stop() {
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    @Order(1)
    void thePatientsAccountingExportsAsABundleThatVerifiesOfflineAndFailsOnceTampered() throws Exception {
        HttpResponse<byte[]> exported = patientBundle();
        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Type").orElse("")).startsWith(BUNDLE);
        assertThat(exported.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        Path bundle = Files.write(work.resolve("patient.zip"), exported.body());

        List<JsonNode> events = eventLines(bundle);
        assertThat(events).hasSizeGreaterThanOrEqualTo(4);
        assertThat(events).allSatisfy(e -> assertThat(e.get("link").get("tenant").asString()).isEqualTo(TENANT));
        // A frame window is one answer entry that stands for its events, which carry another identifier.
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("row").get("payloadType").asString()).endsWith("FrameAccessStartedEvent");
            assertThat(e.get("accessId").asString()).isNotEqualTo(e.get("row").get("eventId").asString());
        });

        Result ok = verifyBundle(bundle);
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("result: OK").contains("bundle signature: OK")
                .doesNotContain("FAILED").doesNotContain(JSON.readTree(lookup).get("patientId").asString());

        String tamperedId = events.get(0).get("row").get("eventId").asString();
        // One character of the stored JSON payload (the purpose of use) changed in the file.
        Path tampered = rewriteEvents(bundle, work.resolve("tampered.zip"), 0, e -> ((ObjectNode) e.get("row"))
                .put("payloadText", e.get("row").get("payloadText").asString().replace("TREAT", "TREAX")));
        Result failed = verifyBundle(tampered);
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
        assertThat(failed.output()).contains("FAILED  " + tamperedId).contains("MODIFIED");
    }

    @Test
    @Order(2)
    void theExportIsRecordedAsAnAuditEvent() {
        Integer exports = jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE"
                + " '%DataAccessedEvent' AND convert_from(payload, 'UTF8') LIKE '%\"evidence\"%'"
                + " AND convert_from(payload, 'UTF8') LIKE '%AUDIT_REPORT%'", Integer.class);
        assertThat(exports).isPositive();
    }

    @Test
    @Order(3)
    void badBundleRequestsAreRefusedPrecisely() throws Exception {
        HttpResponse<String> paged = HTTP.send(HttpRequest.newBuilder(URI.create(web.root() + "/audit/studies/"
                        + study + "/accesses?limit=5"))
                .header("Authorization", "Bearer " + web.token(TENANT, Role.AUDITOR)).header("Accept", BUNDLE)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(paged.statusCode()).isEqualTo(400);
        assertThat(paged.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(paged.body()).get("detail").asString()).contains("limit and pageToken");

        HttpResponse<String> clinician = HTTP.send(HttpRequest.newBuilder(URI.create(web.root() + "/audit/studies/"
                        + study + "/accesses"))
                .header("Authorization", "Bearer " + web.token(TENANT, Role.CLINICIAN)).header("Accept", BUNDLE)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(clinician.statusCode()).isEqualTo(403);
    }

    @Test
    @Order(4)
    void theStudysTrailStillVerifiesAfterTheStudyIsCryptoShredded() throws Exception {
        CryptoShredding.shredTheOnlyStudy(web, jdbc, TENANT);

        HttpResponse<byte[]> exported = HTTP.send(HttpRequest.newBuilder(URI.create(web.root() + "/audit/studies/"
                        + study + "/accesses"))
                .header("Authorization", "Bearer " + web.token(TENANT, Role.AUDITOR)).header("Accept", BUNDLE)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(exported.statusCode()).isEqualTo(200);
        Path bundle = Files.write(work.resolve("study.zip"), exported.body());
        assertThat(eventLines(bundle)).isNotEmpty();
        Result r = verifyBundle(bundle);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    // --- helpers

    private record Result(int exitCode, String output) {
    }

    private static Result verifyBundle(Path bundle) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new picocli.CommandLine(new VerifyBundleCommand(new PrintStream(bytes, true,
                StandardCharsets.UTF_8))).execute(bundle.toString(), "--public-key",
                archive.dataDir().resolve("ledger/ledger-public-key.hex").toString());
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> patientReport(String accept) {
        return send(accept, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> patientBundle() {
        return send(BUNDLE, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static <T> HttpResponse<T> send(String accept, HttpResponse.BodyHandler<T> handler) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.root() + "/audit/patients/accesses"))
                .header("Authorization", "Bearer " + web.token(TENANT, Role.AUDITOR))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(lookup));
        if (accept != null) {
            b.header("Accept", accept);
        }
        try {
            return HTTP.send(b.build(), handler);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> eventLines(Path bundle) throws IOException {
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            String text = new String(zip.getInputStream(zip.getEntry("events.jsonl")).readAllBytes(),
                    StandardCharsets.UTF_8);
            List<JsonNode> lines = new ArrayList<>();
            text.lines().forEach(l -> lines.add(JSON.readTree(l)));
            return lines;
        }
    }

    private static Path rewriteEvents(Path bundle, Path copy, int line, java.util.function.Consumer<ObjectNode> change)
            throws IOException {
        try (ZipFile in = new ZipFile(bundle.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry entry : Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals("events.jsonl")) {
                    List<String> lines = new ArrayList<>(new String(bytes, StandardCharsets.UTF_8).lines().toList());
                    ObjectNode node = (ObjectNode) JSON.readTree(lines.get(line));
                    change.accept(node);
                    lines.set(line, JSON.writeValueAsString(node));
                    bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return copy;
    }
}
