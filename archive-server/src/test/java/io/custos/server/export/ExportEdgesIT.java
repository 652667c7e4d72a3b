package io.custos.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.export.api.ExportCommandResult;
import io.custos.archive.export.api.ExportCommands;
import io.custos.archive.export.api.ExportEvents.ExportCompletedEvent;
import io.custos.archive.export.api.ExportEvents.ExportDownloadedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStepRefusedEvent;
import io.custos.archive.export.api.ExportId;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.deidentify.packaging.ExportManifest;
import io.custos.deidentify.packaging.ManifestWriter;
import io.custos.deidentify.packaging.Split;
import io.custos.server.config.CustosProperties;
import io.custos.server.security.Role;
import io.custos.server.security.TokenMinter;
import io.custos.server.security.TokenRequest;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.EventPayloads;
import io.custos.server.testsupport.RunningArchive;
import io.custos.server.testsupport.TestDirs;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The edges of the export workflow on the whole archive (real PostgreSQL, the shared Cassandra node, real HTTP):
 * a researcher selects studies with QIDO-style matching keys (resolved in her tenant, recorded hashed), downloads
 * a completed export (every download or refusal recorded first), and the tenant's receiver gets a signed
 * completion webhook even though it was down when the export completed. The export job is not part of this
 * test: the export is driven through the aggregate's commands and its directory written in the store layout.
 */
class ExportEdgesIT {

    private static final String TENANT = "edges-t";
    private static final String CT = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322"; // CT_small: 1CT1, 20040119
    private static final String MR = "1.3.6.1.4.1.5962.1.2.4.20040826185059.5457"; // MR_small: 4MR1, 20040826
    private static final String SECRET = "an export webhook secret of at least 32 bytes";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningArchive archive;
    private static DicomWebClient web;
    private static int receiverPort;
    private static HttpServer receiver;
    private static final List<Map.Entry<Map<String, List<String>>, byte[]>> RECEIVED = new CopyOnWriteArrayList<>();
    private static String completed;

    @BeforeAll
    static void start() throws Exception {
        Path secret = Files.createTempFile(TestDirs.workDir(), "webhook-", ".secret");
        Files.writeString(secret, SECRET);
        try (ServerSocket free = new ServerSocket(0)) {
            receiverPort = free.getLocalPort();
        }
        // The receiver is not listening yet: the first deliveries fail and must be retried.
        archive = RunningArchive.start(ExportEdgesIT.class,
                "--custos.tenants." + TENANT + ".exports.webhook.url=http://127.0.0.1:" + receiverPort + "/hook",
                "--custos.tenants." + TENANT + ".exports.webhook.secret-file=" + secret);
        web = new DicomWebClient(archive.context());
        String service = web.token(TENANT, Role.SERVICE);
        for (String file : List.of("test_files/CT_small.dcm", "test_files/MR_small.dcm")) {
            assertThat(web.stow(service, "/studies", Files.readAllBytes(Corpus.file(file))).statusCode())
                    .isEqualTo(200);
        }
        ArchiveRecords.awaitCondition(() -> web.qido(service, "/studies?StudyInstanceUID=" + CT + "," + MR).size() == 2,
                Duration.ofMinutes(2));
        completed = completedExport();
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void aQueryIsResolvedToTheTenantsMatchingStudiesAndRecordedWithoutPlaintext() throws Exception {
        String rosa = token("rosa", TENANT, Role.RESEARCHER);

        HttpResponse<String> byPatient = post(rosa, "/exports", request("{\"PatientID\":\"1CT1\"}"));
        assertThat(byPatient.statusCode()).as(byPatient.body()).isEqualTo(201);
        JsonNode created = DicomWebClient.json(byPatient.body());
        assertThat(created.path("studies").asInt()).isEqualTo(1);
        // The answer is the id and a count: no study UID, no attribute.
        assertThat(byPatient.body()).doesNotContain(CT).doesNotContain("1CT1");

        HttpResponse<String> byDate = post(rosa, "/exports",
                request("{\"StudyDate\":\"20040101-20041231\",\"ModalitiesInStudy\":[\"CT\",\"MR\"]}"));
        assertThat(byDate.statusCode()).as(byDate.body()).isEqualTo(201);
        assertThat(DicomWebClient.json(byDate.body()).path("studies").asInt()).isEqualTo(2);
        HttpResponse<String> firstHalf = post(rosa, "/exports", request("{\"StudyDate\":\"20040101-20040630\"}"));
        assertThat(DicomWebClient.json(firstHalf.body()).path("studies").asInt()).isEqualTo(1);

        // Another tenant's researcher finds none of these studies with the same keys.
        HttpResponse<String> elsewhere = post(token("rita", "other-t", Role.RESEARCHER), "/exports",
                request("{\"PatientID\":\"1CT1\"}"));
        assertThat(elsewhere.statusCode()).isEqualTo(422);

        String id = TENANT + "/" + created.path("exportId").asString();
        String payload = new JdbcTemplate(archive.context().getBean(DataSource.class)).queryForObject(
                "SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?"
                        + " AND payloadtype LIKE '%ExportRequestedEvent'", String.class, id);
        assertThat(payload).contains("PatientID").contains("valueHash").contains(CT).doesNotContain("1CT1");

        String uuid = created.path("exportId").asString();
        ArchiveRecords.awaitCondition(() -> get(rosa, "/exports/" + uuid).statusCode() == 200, Duration.ofMinutes(1));
        assertThat(DicomWebClient.json(get(rosa, "/exports/" + uuid).body()).path("studiesTotal").asInt())
                .isEqualTo(1);
    }

    @Test
    void badSelectionsAreProblemsThatNameKeysNotValues() throws Exception {
        String rosa = token("rosa", TENANT, Role.RESEARCHER);
        HttpResponse<String> none = post(rosa, "/exports", request("{\"PatientID\":\"NOBODY-42\"}"));
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(none.body()).contains("no study").doesNotContain("NOBODY-42");

        HttpResponse<String> unknown = post(rosa, "/exports", request("{\"PatientNmae\":\"DOE^JANE\"}"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("PatientNmae").doesNotContain("DOE");

        HttpResponse<String> seriesLevel = post(rosa, "/exports", request("{\"Modality\":\"CT\"}"));
        assertThat(seriesLevel.statusCode()).isEqualTo(400);
        assertThat(seriesLevel.body()).contains("Modality");

        HttpResponse<String> both = post(rosa, "/exports", """
                {"project":"p","protocol":"x","studies":["%s"],"query":{"PatientID":"1CT1"}}""".formatted(CT));
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.body()).contains("exactly one of studies").doesNotContain("1CT1");

        // Researchers still cannot use QIDO-RS themselves.
        assertThat(web.get(rosa, "/studies?PatientID=1CT1").statusCode()).isEqualTo(403);
    }

    @Test
    void theRequesterAndStewardsDownloadACompletedExportEveryDownloadAndRefusalRecorded() throws Exception {
        String rosa = token("rosa", TENANT, Role.RESEARCHER);
        String sam = token("sam", TENANT, Role.DATA_STEWARD);
        String ruth = token("ruth", TENANT, Role.RESEARCHER);
        Path dir = storeDir().resolve(TENANT).resolve(completed);

        HttpResponse<byte[]> manifest = getBytes(rosa, "/exports/" + completed + "/manifest");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.body()).isEqualTo(Files.readAllBytes(dir.resolve("manifest.json")));

        HttpResponse<byte[]> file = getBytes(rosa, "/exports/" + completed + "/files/dicom/s1/i1.dcm");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(Files.readAllBytes(dir.resolve("dicom/s1/i1.dcm")));
        assertThat(file.headers().firstValue("Content-Type")).hasValue("application/dicom");

        assertThat(getBytes(ruth, "/exports/" + completed + "/files/dicom/s1/i1.dcm").statusCode()).isEqualTo(403);
        assertThat(getBytes(sam, "/exports/" + completed + "/files/deid-report.json").statusCode()).isEqualTo(200);
        assertThat(getBytes(token("rita", "other-t", Role.RESEARCHER),
                "/exports/" + completed + "/manifest").statusCode()).isEqualTo(404);
        assertThat(getBytes(rosa, "/exports/" + completed + "/files/dicom/s1/unlisted.dcm").statusCode())
                .isEqualTo(404);
        assertThat(getBytes(rosa, "/exports/" + completed + "/files/dicom/s1/%2e%2e/%2e%2e/manifest.json")
                .statusCode()).isIn(400, 404);

        HttpResponse<byte[]> zip = getBytes(sam, "/exports/" + completed + "/archive");
        assertThat(zip.statusCode()).isEqualTo(200);
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).containsExactly("manifest.json", "deid-report.json", "dicom/s1/i1.dcm");

        ExportId id = new ExportId(TENANT + "/" + completed);
        List<ExportDownloadedEvent> downloads = EventPayloads.ofType(archive.context(), ExportDownloadedEvent.class)
                .stream().filter(d -> d.exportId().equals(id)).toList();
        assertThat(downloads).extracting(d -> d.actor().subject() + ":" + d.file()).containsExactly(
                "rosa:manifest.json", "rosa:dicom/s1/i1.dcm", "sam:deid-report.json", "sam:" + ExportController.ARCHIVE);
        assertThat(EventPayloads.ofType(archive.context(), ExportStepRefusedEvent.class).stream()
                .filter(r -> r.exportId().equals(id) && r.step().equals("download")))
                .extracting(r -> r.actor().subject() + ":" + r.refusal())
                .containsExactly("ruth:" + ExportCommandResult.WRONG_ROLE);

        // The auditor's export report shows the downloads and the refusal.
        String auditor = token("ada", TENANT, Role.AUDITOR);
        ArchiveRecords.awaitCondition(() -> get(auditor, "/audit/exports").body().contains("EXPORT_DOWNLOAD_REFUSED"),
                Duration.ofMinutes(1));
        assertThat(get(auditor, "/audit/exports").body()).contains("EXPORT_DOWNLOADED")
                .contains("file=dicom/s1/i1.dcm").contains("EXPORT_DOWNLOAD_REFUSED");
    }

    @Test
    void nothingIsDownloadedBeforeCompletion() throws Exception {
        String rosa = token("rosa", TENANT, Role.RESEARCHER);
        String uuid = requestAndApprove(rosa);
        HttpResponse<byte[]> early = getBytes(rosa, "/exports/" + uuid + "/manifest");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(getBytes(rosa, "/exports/" + uuid + "/files/dicom/s1/i1.dcm").statusCode()).isEqualTo(409);
    }

    @Test
    void theTenantsReceiverGetsASignedCompletionAfterBeingDownWhenItHappened() throws Exception {
        ExportId id = new ExportId(TENANT + "/" + completed);
        assertThat(EventPayloads.ofType(archive.context(), ExportCompletedEvent.class))
                .anyMatch(e -> e.exportId().equals(id));
        Thread.sleep(3_000); // the processor has tried and failed at least once by now
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 0);
        receiver.createContext("/hook", exchange -> {
            RECEIVED.add(Map.entry(Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        ArchiveRecords.awaitCondition(() -> RECEIVED.stream().anyMatch(r -> new String(r.getValue(),
                StandardCharsets.UTF_8).contains(completed)), Duration.ofMinutes(3));
        var delivery = RECEIVED.stream().filter(r -> new String(r.getValue(), StandardCharsets.UTF_8)
                .contains(completed)).findFirst().orElseThrow();
        String timestamp = delivery.getKey().get("X-custos-timestamp").get(0);
        String signature = delivery.getKey().get("X-custos-signature").get(0);
        assertThat(WebhookSignature.verify(SECRET.getBytes(StandardCharsets.UTF_8), timestamp, delivery.getValue(),
                signature)).isTrue();
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(600);
        JsonNode body = DicomWebClient.json(new String(delivery.getValue(), StandardCharsets.UTF_8));
        assertThat(body.path("exportId").asString()).isEqualTo(completed);
        assertThat(body.path("state").asString()).isEqualTo("COMPLETED");
        assertThat(body.path("files").asInt()).isEqualTo(2);
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("exportId", "state", "manifestSha256", "files",
                "bytes", "time");
        assertThat(body.toString()).doesNotContain("1CT1").doesNotContain(CT);

        // A failure is notified too, with its reason code.
        String failed = requestAndApprove(token("rosa", TENANT, Role.RESEARCHER));
        assertThat((ExportCommandResult) archive.context().getBean(CommandGateway.class).sendAndWait(
                new ExportCommands.Fail(new ExportId(TENANT + "/" + failed), "STORE_UNAVAILABLE")))
                .isEqualTo(ExportCommandResult.DONE);
        ArchiveRecords.awaitCondition(() -> RECEIVED.stream().anyMatch(r -> new String(r.getValue(),
                StandardCharsets.UTF_8).contains(failed)), Duration.ofMinutes(2));
        JsonNode failure = DicomWebClient.json(RECEIVED.stream().map(r -> new String(r.getValue(),
                StandardCharsets.UTF_8)).filter(b -> b.contains(failed)).findFirst().orElseThrow());
        assertThat(failure.path("state").asString()).isEqualTo("FAILED");
        assertThat(failure.path("reason").asString()).isEqualTo("STORE_UNAVAILABLE");
    }

    /** Requested and approved over REST, then run and completed through the aggregate; files in the store. */
    private static String completedExport() throws Exception {
        String uuid = requestAndApprove(token("rosa", TENANT, Role.RESEARCHER));
        ExportId id = new ExportId(TENANT + "/" + uuid);
        Path dir = Files.createDirectories(storeDir().resolve(TENANT).resolve(uuid).resolve("dicom/s1"))
                .getParent().getParent();
        byte[] dicom = "not really DICOM, a de-identified stand-in".getBytes(StandardCharsets.UTF_8);
        byte[] report = "{\"excluded\":[]}".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("dicom/s1/i1.dcm"), dicom);
        Files.write(dir.resolve("dicom/s1/unlisted.dcm"), dicom);
        Files.write(dir.resolve("deid-report.json"), report);
        byte[] manifest = new ManifestWriter().write(new ExportManifest(id.value(), "lung-ai", "IRB-1", Set.of(),
                Instant.now(), List.of(
                        new ExportManifest.FileEntry("dicom/s1/i1.dcm", ExportManifest.Kind.DICOM, dicom.length,
                                sha256(dicom), "P1", Split.TRAIN),
                        new ExportManifest.FileEntry("deid-report.json", ExportManifest.Kind.DEID_REPORT,
                                report.length, sha256(report), null, null)),
                Map.of("P1", Split.TRAIN), Map.of("studies", 1, "instances", 1)));
        Files.write(dir.resolve("manifest.json"), manifest);

        CommandGateway commands = archive.context().getBean(CommandGateway.class);
        assertThat((ExportCommandResult) commands.sendAndWait(new ExportCommands.Start(id, "it")))
                .isEqualTo(ExportCommandResult.DONE);
        assertThat((ExportCommandResult) commands.sendAndWait(
                new ExportCommands.RecordStudyExported(id, new StudyInstanceUid(CT), 1, 0, dicom.length, null)))
                .isEqualTo(ExportCommandResult.DONE);
        assertThat((ExportCommandResult) commands.sendAndWait(new ExportCommands.Complete(id, sha256(manifest), 2,
                dicom.length + report.length))).isEqualTo(ExportCommandResult.DONE);
        return uuid;
    }

    private static String requestAndApprove(String researcher) throws Exception {
        HttpResponse<String> created = post(researcher, "/exports", request("{\"PatientID\":\"1CT1\"}"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String uuid = DicomWebClient.json(created.body()).path("exportId").asString();
        HttpResponse<String> approved = post(token("sam", TENANT, Role.DATA_STEWARD), "/exports/" + uuid + "/decision",
                "{\"approve\":true}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        return uuid;
    }

    private static String request(String query) {
        return "{\"project\":\"lung-ai\",\"protocol\":\"IRB-1\",\"query\":" + query + "}";
    }

    private static Path storeDir() {
        return archive.context().getBean(CustosProperties.class).dataDir().resolve("exports");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String token(String subject, String tenant, Role... roles) {
        return archive.context().getBean(TokenMinter.class).mint(new TokenRequest(subject, Set.of(roles), tenant,
                Set.of("local"), Duration.ofHours(1)));
    }

    private static HttpResponse<String> post(String token, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(web.root() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String token, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(web.root() + path))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<byte[]> getBytes(String token, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(web.root() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
