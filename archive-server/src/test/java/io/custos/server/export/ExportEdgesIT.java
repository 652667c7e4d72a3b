package io.custos.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.custos.archive.export.api.ExportCommandResult;
import io.custos.archive.export.api.ExportEvents.ExportCompletedEvent;
import io.custos.archive.export.api.ExportEvents.ExportDownloadedEvent;
import io.custos.archive.export.api.ExportEvents.ExportStepRefusedEvent;
import io.custos.archive.export.api.ExportId;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.server.export.store.ExportStore;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The edges of the export workflow on the whole archive (real PostgreSQL, the shared Cassandra node, real HTTP):
 * a researcher selects studies with QIDO-style matching keys (resolved in her tenant, recorded hashed), the
 * export job (which approval starts) produces the export, she and a steward download it (every download or
 * refusal recorded first), and the tenant's receiver gets signed webhooks of the job's completion and of a real
 * failure even though it was down when they happened.
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
    private static String failed;
    private static String retried;

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
        // Both run on the job pool while the receiver is down; the failure is decided before anything is written.
        String rosa = token("rosa", TENANT, Role.RESEARCHER);
        completed = requestAndApprove(rosa, request("{\"PatientID\":\"1CT1\"}"));
        failed = requestBlockedAndApprove(rosa);
        retried = requestBlockedAndApprove(rosa);
        awaitState(rosa, completed, "COMPLETED");
        awaitState(rosa, failed, "FAILED");
        awaitState(rosa, retried, "FAILED");
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
        String base = "/exports/" + completed;

        HttpResponse<byte[]> manifest = getBytes(rosa, base + "/manifest");
        assertThat(manifest.statusCode()).isEqualTo(200);
        // The manifest the job completed the export with.
        assertThat(sha256(manifest.body()))
                .isEqualTo(DicomWebClient.json(get(rosa, base).body()).path("manifestSha256").asString());
        Map<String, JsonNode> listed = listed(manifest.body());
        JsonNode dicom = listed.values().stream().filter(f -> f.path("kind").asString().equals("DICOM")).findFirst()
                .orElseThrow(() -> new AssertionError("the job exported no DICOM file"));
        String dicomPath = dicom.path("path").asString();

        HttpResponse<byte[]> file = getBytes(rosa, base + "/files/" + dicomPath);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(sha256(file.body())).isEqualTo(dicom.path("sha256").asString());
        assertThat((long) file.body().length).isEqualTo(dicom.path("bytes").asLong());
        assertThat(file.headers().firstValue("Content-Type")).hasValue("application/dicom");

        assertThat(getBytes(ruth, base + "/files/" + dicomPath).statusCode()).isEqualTo(403);
        HttpResponse<byte[]> report = getBytes(sam, base + "/files/deid-report.json");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(sha256(report.body())).isEqualTo(listed.get("deid-report.json").path("sha256").asString());
        assertThat(getBytes(token("rita", "other-t", Role.RESEARCHER), base + "/manifest").statusCode())
                .isEqualTo(404);
        String unlisted = dicomPath.substring(0, dicomPath.lastIndexOf('/') + 1) + "unlisted.dcm";
        assertThat(getBytes(rosa, base + "/files/" + unlisted).statusCode()).isEqualTo(404);
        assertThat(getBytes(rosa, base + "/files/COMPLETE").statusCode()).isEqualTo(404);
        assertThat(getBytes(rosa, base + "/files/dicom/s1/%2e%2e/%2e%2e/manifest.json").statusCode()).isIn(400, 404);

        HttpResponse<byte[]> zip = getBytes(sam, base + "/archive");
        assertThat(zip.statusCode()).isEqualTo(200);
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), sha256(in.readAllBytes()));
            }
        }
        List<String> expected = new ArrayList<>(List.of("manifest.json"));
        expected.addAll(listed.keySet());
        assertThat(entries.keySet()).containsExactlyElementsOf(expected);
        assertThat(entries.get("manifest.json")).isEqualTo(sha256(manifest.body()));
        listed.forEach((path, entry) -> assertThat(entries.get(path)).as(path)
                .isEqualTo(entry.path("sha256").asString()));

        ExportId id = new ExportId(TENANT + "/" + completed);
        List<ExportDownloadedEvent> downloads = EventPayloads.ofType(archive.context(), ExportDownloadedEvent.class)
                .stream().filter(d -> d.exportId().equals(id)).toList();
        assertThat(downloads).extracting(d -> d.actor().subject() + ":" + d.file()).containsExactly(
                "rosa:manifest.json", "rosa:" + dicomPath, "sam:deid-report.json", "sam:" + ExportController.ARCHIVE);
        assertThat(EventPayloads.ofType(archive.context(), ExportStepRefusedEvent.class).stream()
                .filter(r -> r.exportId().equals(id) && r.step().equals("download")))
                .extracting(r -> r.actor().subject() + ":" + r.refusal())
                .containsExactly("ruth:" + ExportCommandResult.WRONG_ROLE);

        // The auditor's export report shows the downloads and the refusal.
        String auditor = token("ada", TENANT, Role.AUDITOR);
        ArchiveRecords.awaitCondition(() -> get(auditor, "/audit/exports").body().contains("EXPORT_DOWNLOAD_REFUSED"),
                Duration.ofMinutes(1));
        assertThat(get(auditor, "/audit/exports").body()).contains("EXPORT_DOWNLOADED")
                .contains("file=" + dicomPath).contains("EXPORT_DOWNLOAD_REFUSED");
    }

    /**
     * An export not approved yet (approval would start the job, which could complete it at any moment), and the
     * failed one: nothing is served, 409 and a refusal recorded.
     */
    @Test
    void nothingIsDownloadedBeforeCompletion() throws Exception {
        String rosa = token("rosa", TENANT, Role.RESEARCHER);
        HttpResponse<String> created = post(rosa, "/exports", request("{\"PatientID\":\"1CT1\"}"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String waiting = DicomWebClient.json(created.body()).path("exportId").asString();
        for (String uuid : List.of(waiting, failed)) {
            HttpResponse<byte[]> early = getBytes(rosa, "/exports/" + uuid + "/manifest");
            assertThat(early.statusCode()).as(uuid).isEqualTo(409);
            assertThat(early.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(getBytes(rosa, "/exports/" + uuid + "/files/deid-report.json").statusCode()).isEqualTo(409);
            assertThat(getBytes(rosa, "/exports/" + uuid + "/archive").statusCode()).isEqualTo(409);
            ExportId id = new ExportId(TENANT + "/" + uuid);
            assertThat(EventPayloads.ofType(archive.context(), ExportStepRefusedEvent.class).stream()
                    .filter(r -> r.exportId().equals(id) && r.step().equals("download"))).hasSize(3);
        }
    }

    @Test
    void theTenantsReceiverGetsASignedCompletionAfterBeingDownWhenItHappened() throws Exception {
        ExportId id = new ExportId(TENANT + "/" + completed);
        assertThat(EventPayloads.ofType(archive.context(), ExportCompletedEvent.class))
                .anyMatch(e -> e.exportId().equals(id));
        // The receiver was down when the job completed (and failed) the exports: deliveries have failed by now.
        Thread.sleep(3_000);
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
        // What the job completed the export with: its manifest, the files it lists and the manifest itself.
        ExportStore store = archive.context().getBean(ExportStore.class);
        byte[] manifest;
        try (var in = store.open(new ExportId(TENANT + "/" + completed), ExportStore.MANIFEST)) {
            manifest = in.readAllBytes();
        }
        Map<String, JsonNode> listed = listed(manifest);
        assertThat(body.path("manifestSha256").asString()).isEqualTo(sha256(manifest));
        assertThat(body.path("files").asInt()).isEqualTo(listed.size() + 1);
        assertThat(body.path("bytes").asLong()).isEqualTo(manifest.length
                + listed.values().stream().mapToLong(f -> f.path("bytes").asLong()).sum());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("exportId", "state", "manifestSha256", "files",
                "bytes", "time");
        assertThat(body.toString()).doesNotContain("1CT1").doesNotContain(CT);

        // The job's failure is notified too, with its reason code.
        ArchiveRecords.awaitCondition(() -> RECEIVED.stream().anyMatch(r -> new String(r.getValue(),
                StandardCharsets.UTF_8).contains(failed)), Duration.ofMinutes(2));
        JsonNode failure = DicomWebClient.json(RECEIVED.stream().map(r -> new String(r.getValue(),
                StandardCharsets.UTF_8)).filter(b -> b.contains(failed)).findFirst().orElseThrow());
        assertThat(failure.path("state").asString()).isEqualTo("FAILED");
        assertThat(failure.path("reason").asString()).isEqualTo("STORE_UNAVAILABLE");
        assertThat(failure.path("manifestSha256").isNull()).isTrue();
        assertThat(store.isSealed(new ExportId(TENANT + "/" + failed))).isFalse();
        assertThat(DicomWebClient.json(get(token("rosa", TENANT, Role.RESEARCHER), "/exports/" + failed).body())
                .path("reason").asString()).isEqualTo("STORE_UNAVAILABLE");
    }

    /** A FAILED export goes back to the job only by a data steward's retry, and then completes. */
    @Test
    void aStewardRetriesAFailedExportOnceItsCauseIsMended() throws Exception {
        String rosa = token("rosa", TENANT, Role.RESEARCHER);
        String sam = token("sam", TENANT, Role.DATA_STEWARD);
        Files.delete(blocked(retried));
        assertThat(post(rosa, "/exports/" + retried + "/retry", "").statusCode()).isEqualTo(403);
        assertThat(post(token("sam", "other-t", Role.DATA_STEWARD), "/exports/" + retried + "/retry", "")
                .statusCode()).isEqualTo(404);
        HttpResponse<String> accepted = post(sam, "/exports/" + retried + "/retry", "");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        awaitState(rosa, retried, "COMPLETED");
        assertThat(archive.context().getBean(ExportStore.class).isSealed(new ExportId(TENANT + "/" + retried)))
                .isTrue();
        HttpResponse<String> again = post(sam, "/exports/" + retried + "/retry", "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        String auditor = token("ada", TENANT, Role.AUDITOR);
        ArchiveRecords.awaitCondition(() -> get(auditor, "/audit/exports").body().contains("EXPORT_RETRY_REFUSED"),
                Duration.ofMinutes(1));
        assertThat(get(auditor, "/audit/exports").body()).contains("EXPORT_RETRIED");
    }

    /** A request by a project or option the de-identification does not know is refused before it is recorded. */
    @Test
    void aProjectOrOptionTheDeidentificationRefusesIsA400() throws Exception {
        String rosa = token("rosa", TENANT, Role.RESEARCHER);
        HttpResponse<String> upper = post(rosa, "/exports",
                "{\"project\":\"Lung-AI\",\"protocol\":\"IRB-1\",\"query\":{\"PatientID\":\"1CT1\"}}");
        assertThat(upper.statusCode()).as(upper.body()).isEqualTo(400);
        assertThat(upper.body()).contains("lowercase");
        HttpResponse<String> option = post(rosa, "/exports", "{\"project\":\"lung-ai\",\"protocol\":\"IRB-1\","
                + "\"profileOptions\":[\"RETAIN_EVERYTHING\"],\"query\":{\"PatientID\":\"1CT1\"}}");
        assertThat(option.statusCode()).as(option.body()).isEqualTo(400);
        assertThat(option.body()).contains("profileOptions");
    }

    private static String requestAndApprove(String researcher, String body) throws Exception {
        HttpResponse<String> created = post(researcher, "/exports", body);
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

    /**
     * A real failure of the job, deterministic: before approval, a plain file is put where the export's directory
     * would go, so the job cannot stage its first study and records STORE_UNAVAILABLE before writing anything (a
     * broken store, as a full or read-only disk would be). Not chosen: file modes (the tests run as root, whom
     * they do not stop) or a Fail command sent by hand (it races with the job, which approval starts).
     */
    private static String requestBlockedAndApprove(String researcher) throws Exception {
        HttpResponse<String> created = post(researcher, "/exports", request("{\"PatientID\":\"1CT1\"}"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String uuid = DicomWebClient.json(created.body()).path("exportId").asString();
        Path blocked = blocked(uuid);
        Files.createDirectories(blocked.getParent());
        Files.writeString(blocked, "not a directory");
        HttpResponse<String> approved = post(token("sam", TENANT, Role.DATA_STEWARD), "/exports/" + uuid + "/decision",
                "{\"approve\":true}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        return uuid;
    }

    private static Path blocked(String uuid) {
        return archive.context().getBean(ExportStore.class).directory(new ExportId(TENANT + "/" + uuid));
    }

    private static void awaitState(String token, String uuid, String state) {
        ArchiveRecords.awaitCondition(() -> get(token, "/exports/" + uuid).statusCode() == 200
                && DicomWebClient.json(get(token, "/exports/" + uuid).body()).path("state").asString().equals(state),
                Duration.ofMinutes(3));
    }

    /** The manifest's files by path, in manifest order. */
    private static Map<String, JsonNode> listed(byte[] manifest) {
        Map<String, JsonNode> files = new LinkedHashMap<>();
        for (JsonNode file : DicomWebClient.json(new String(manifest, StandardCharsets.UTF_8)).path("files")) {
            files.put(file.path("path").asString(), file);
        }
        return files;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String token(String subject, String tenant, Role... roles) {
        return archive.context().getBean(TokenMinter.class).mint(new TokenRequest(subject, Set.of(roles), tenant,
                Set.of("local"), Duration.ofHours(1)));
    }

    private static HttpResponse<String> post(String token, String path, String json) {
        return web.postJson(token, path, json);
    }

    private static HttpResponse<String> get(String token, String path) {
        return web.getJson(token, path);
    }

    private static HttpResponse<byte[]> getBytes(String token, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(web.root() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
