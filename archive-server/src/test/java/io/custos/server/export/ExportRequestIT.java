package io.custos.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.ingest.testing.Corpus;
import io.custos.server.security.Role;
import io.custos.server.security.TokenMinter;
import io.custos.server.security.TokenRequest;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.RunningArchive;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Export requests over real HTTP on the whole archive (real PostgreSQL, the shared Cassandra node): a researcher
 * requests an export of a stored study; a data steward who is not the requester approves it, the requester
 * cannot; the state is visible to both, not to another tenant; bad requests are problem+json and record
 * nothing; every step and every refusal shows up in the auditor's export report.
 */
class ExportRequestIT {

    private static final String TENANT = "exp-t";
    private static final String STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322"; // CT_small.dcm

    private static RunningArchive archive;
    private static DicomWebClient web;

    @BeforeAll
    static void start() throws Exception {
        archive = RunningArchive.start(ExportRequestIT.class);
        web = new DicomWebClient(archive.context());
        String service = web.token(TENANT, Role.SERVICE);
        assertThat(web.stow(service, "/studies", Files.readAllBytes(Corpus.file("test_files/CT_small.dcm")))
                .statusCode()).isEqualTo(200);
        ArchiveRecords.awaitCondition(() -> !web.qido(service, "/studies?StudyInstanceUID=" + STUDY).isEmpty(),
                Duration.ofMinutes(2));
    }

    @AfterAll
    static void stop() {
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void aResearcherRequestsAStewardWhoIsNotTheRequesterApprovesAndTheAuditorSeesEveryStep() throws Exception {
        String rosa = token("rosa", TENANT, Role.RESEARCHER, Role.DATA_STEWARD);
        String sam = token("sam", TENANT, Role.DATA_STEWARD);

        HttpResponse<String> created = post(rosa, "/exports", """
                {"project":"lung-ai","protocol":"IRB-2026-17","profileOptions":["RETAIN_UIDS"],
                 "studies":["%s"],"nifti":true}""".formatted(STUDY));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = DicomWebClient.json(created.body()).path("exportId").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/exports/" + id);

        HttpResponse<String> own = post(rosa, "/exports/" + id + "/decision", "{\"approve\":true}");
        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(own.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));

        HttpResponse<String> approved = post(sam, "/exports/" + id + "/decision", "{\"approve\":true}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(post(sam, "/exports/" + id + "/decision", "{\"approve\":false,\"reason\":\"LATE\"}")
                .statusCode()).isEqualTo(409);

        // The export job takes an approved export over at once: past APPROVED, it runs and completes.
        Set<String> approvedOrLater = Set.of("APPROVED", "RUNNING", "COMPLETED");
        ArchiveRecords.awaitCondition(() -> approvedOrLater.contains(state(rosa, id)), Duration.ofMinutes(1));
        JsonNode status = DicomWebClient.json(get(sam, "/exports/" + id).body());
        assertThat(status.path("state").asString()).isIn(approvedOrLater);
        assertThat(status.path("requester").asString()).isEqualTo("rosa");
        assertThat(status.path("decidedBy").asString()).isEqualTo("sam");
        assertThat(status.path("studiesTotal").asInt()).isEqualTo(1);

        // Another tenant's researcher: the export does not exist for her.
        assertThat(get(token("rita", "other-t", Role.RESEARCHER), "/exports/" + id).statusCode()).isEqualTo(404);

        String auditor = token("ada", TENANT, Role.AUDITOR);
        ArchiveRecords.awaitCondition(() -> exportReport(auditor).contains("EXPORT_APPROVED"), Duration.ofMinutes(1));
        String report = exportReport(auditor);
        assertThat(report).contains("EXPORT_REQUESTED").contains("EXPORT_APPROVE_REFUSED").contains("SAME_PERSON")
                .contains("EXPORT_APPROVED").contains("export=" + TENANT + "/" + id);
    }

    @Test
    void badRequestsAreProblemsAndRecordNothing() throws Exception {
        String researcher = token("rosa", TENANT, Role.RESEARCHER);
        HttpResponse<String> unknown = post(researcher, "/exports",
                "{\"project\":\"p\",\"protocol\":\"x\",\"studies\":[\"1.2.3.999\"]}");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("1 of the studies").doesNotContain("1.2.3.999");

        HttpResponse<String> malformed = post(researcher, "/exports",
                "{\"project\":\"p q\",\"protocol\":\"x\",\"studies\":[\"" + STUDY + "\"]}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("project");

        HttpResponse<String> noStudies = post(researcher, "/exports", "{\"project\":\"p\",\"protocol\":\"x\"}");
        assertThat(noStudies.statusCode()).isEqualTo(400);

        assertThat(post(token("carl", TENANT, Role.CLINICIAN), "/exports",
                "{\"project\":\"p\",\"protocol\":\"x\",\"studies\":[\"" + STUDY + "\"]}").statusCode()).isEqualTo(403);
        assertThat(get(researcher, "/exports/not-a-uuid").statusCode()).isEqualTo(400);
        assertThat(get(researcher, "/exports/0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90").statusCode()).isEqualTo(404);
    }

    private static String state(String token, String id) {
        HttpResponse<String> r = get(token, "/exports/" + id);
        return r.statusCode() == 200 ? DicomWebClient.json(r.body()).path("state").asString() : null;
    }

    private static String exportReport(String auditor) {
        return get(auditor, "/audit/exports").body();
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
}
