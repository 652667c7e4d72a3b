package io.custos.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.ingest.api.RejectionReason;
import io.custos.archive.ingest.dimse.DicomServer;
import io.custos.archive.ingest.testing.Dcmtk;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.server.security.Role;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.DicomJson;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.RunningArchive;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * STOW-RS over real HTTP against a running archive (PS3.18 10.5): the status codes of a request whose instances
 * are all stored (200), partly stored (202) or all refused (409) with their Referenced / Failed SOP Sequences,
 * the study-targeted form, request-level refusals as application/problem+json that store nothing, and
 * authentication and role checks whose denials are recorded as AccessDeniedEvents.
 */
class StowHttpIT {

    private static final String TENANT = "stow-http";
    private static final String RETRIEVE_URL = "00081190";
    private static final String FAILED_SOP_SEQUENCE = "00081198";
    private static final String REFERENCED_SOP_SEQUENCE = "00081199";
    private static final String FAILURE_REASON = "00081197";
    private static final String REFERENCED_SOP_CLASS_UID = "00081150";
    private static final String REFERENCED_SOP_INSTANCE_UID = "00081155";
    private static final String PROBLEM_JSON = "application/problem+json";

    /** Four instances of one CT study (same patient, same series) and files of other studies. */
    private static final String CT2 = "test_files/dicomdirtests/77654033/CT2/";
    private static final String OTHER_STUDY = "test_files/CT_small.dcm";
    private static final String TRUNCATED = "test_files/MR_truncated.dcm";
    private static final String META_MISMATCH = "test_files/rtplan.dcm";
    private static final String NOT_DICOM = "test_files/README.txt";

    private static RunningArchive archive;
    private static DicomWebClient web;
    private static ArchiveRecords records;
    private static String service;

    @BeforeAll
    static void start() {
        archive = RunningArchive.start(StowHttpIT.class,
                "--custos.dimse.called-aes[0].ae-title=STOW_HTTP", "--custos.dimse.called-aes[0].tenant=" + TENANT,
                "--custos.dimse.called-aes[0].allowed-calling-aes=STORESCU");
        web = new DicomWebClient(archive.context());
        records = new ArchiveRecords(archive.context());
        service = web.token(TENANT, Role.SERVICE);
    }

    @AfterAll
    static void stop() {
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void allStoredIs200WithReferencedSopSequenceAndRetrieveUrls() {
        String study = uid(CT2 + "17106", TagFromName.StudyInstanceUID);
        HttpResponse<String> r = web.stow(service, "/studies", Corpus.bytes(CT2 + "17106"), Corpus.bytes(CT2 + "17136"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/dicom+json"));
        JsonNode body = DicomWebClient.json(r.body());
        assertThat(body.has(FAILED_SOP_SEQUENCE)).as("Failed SOP Sequence present").isFalse();
        String studyUrl = web.root() + "/dicom-web/studies/" + study;
        assertThat(DicomJson.first(body, RETRIEVE_URL)).as("Retrieve URL of the study").isEqualTo(studyUrl);
        List<JsonNode> referenced = body.path(REFERENCED_SOP_SEQUENCE).path("Value").valueStream().toList();
        assertThat(referenced).hasSize(2);
        for (int i = 0; i < 2; i++) {
            String file = CT2 + (i == 0 ? "17106" : "17136");
            String sop = uid(file, TagFromName.SOPInstanceUID);
            JsonNode item = referenced.get(i);
            assertThat(DicomJson.first(item, REFERENCED_SOP_INSTANCE_UID)).isEqualTo(sop);
            assertThat(DicomJson.first(item, REFERENCED_SOP_CLASS_UID)).isEqualTo(uid(file, TagFromName.SOPClassUID));
            // The WADO-RS instance resource (PS3.18 10.4.1) lies under its series.
            assertThat(DicomJson.first(item, RETRIEVE_URL))
                    .isEqualTo(studyUrl + "/series/" + uid(file, TagFromName.SeriesInstanceUID) + "/instances/" + sop);
        }
        awaitVisible(study, uid(CT2 + "17106", TagFromName.SOPInstanceUID), uid(CT2 + "17136", TagFromName.SOPInstanceUID));

        // Sending the same bytes again is a success that stores nothing new (idempotent re-send).
        long stored = records.stored().size();
        HttpResponse<String> again = web.stow(service, "/studies", Corpus.bytes(CT2 + "17106"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(records.stored()).hasSize((int) stored);
    }

    @Test
    void anInstanceReceivedByCStoreAndThenAsItsOriginalFileOverStowIsTheSameObject() {
        // C-STORE carries no File Meta Information: the archive writes its own (PS3.10 7.1), so the stored file's
        // bytes differ from the modality's original. The data set is the same, so STOW-RS of the original is an
        // idempotent re-send, not a conflicting duplicate (0111H).
        String file = "test_files/MR_small.dcm";
        int port = archive.context().getBean(DicomServer.class).port();
        Dcmtk.Result sent = Dcmtk.run("storescu", "-aet", "STORESCU", "-aec", "STOW_HTTP", "127.0.0.1",
                Integer.toString(port), Corpus.file(file).toString());
        assertThat(sent.exitCode()).as(sent.output()).isZero();
        ArchiveRecords.Stored viaDimse = records.stored().stream()
                .filter(s -> s.sop().equals(uid(file, TagFromName.SOPInstanceUID))).findFirst().orElseThrow();
        assertThat(viaDimse.sha256()).as("the archive's Part 10 file is not the original's bytes")
                .isNotEqualTo(sha256(Corpus.bytes(file)));
        long stored = records.stored().size();

        HttpResponse<String> again = web.stow(service, "/studies", Corpus.bytes(file));

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(records.stored()).hasSize((int) stored);
    }

    @Test
    void partlyStoredIs202WithBothSequences() {
        Snapshot before = Snapshot.take();
        HttpResponse<String> r = web.stow(service, "/studies", Corpus.bytes(CT2 + "17166"), Corpus.bytes(TRUNCATED));

        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode body = DicomWebClient.json(r.body());
        assertThat(body.has(RETRIEVE_URL)).as("study Retrieve URL on a partial store").isFalse();
        List<JsonNode> referenced = body.path(REFERENCED_SOP_SEQUENCE).path("Value").valueStream().toList();
        assertThat(referenced).extracting(i -> DicomJson.first(i, REFERENCED_SOP_INSTANCE_UID))
                .containsExactly(uid(CT2 + "17166", TagFromName.SOPInstanceUID));
        List<JsonNode> failed = body.path(FAILED_SOP_SEQUENCE).path("Value").valueStream().toList();
        assertThat(failed).extracting(i -> DicomJson.first(i, FAILURE_REASON))
                .containsExactly(String.valueOf(RejectionReason.NOT_PARSEABLE.dicomStatus()));

        assertThat(records.stored()).hasSize(before.stored + 1);
        assertThat(records.rejected()).hasSize(before.rejected + 1);
        assertThat(records.rejected().get(before.rejected).sha256()).isEqualTo(sha256(Corpus.bytes(TRUNCATED)));
        assertThat(records.blobFiles()).hasSize(before.blobs + 1);
    }

    @Test
    void allRefusedIs409WithAFailureReasonEach() {
        Snapshot before = Snapshot.take();
        HttpResponse<String> r = web.stow(service, "/studies", Corpus.bytes(META_MISMATCH), Corpus.bytes(NOT_DICOM));

        assertThat(r.statusCode()).isEqualTo(409);
        JsonNode body = DicomWebClient.json(r.body());
        assertThat(body.has(REFERENCED_SOP_SEQUENCE)).isFalse();
        assertThat(body.has(RETRIEVE_URL)).isFalse();
        assertThat(body.path(FAILED_SOP_SEQUENCE).path("Value").valueStream().map(i -> DicomJson.first(i, FAILURE_REASON)))
                .containsExactly(String.valueOf(RejectionReason.META_MISMATCH.dicomStatus()),
                        String.valueOf(RejectionReason.NOT_PARSEABLE.dicomStatus()));
        before.assertNothingStored();
        assertThat(records.rejected()).hasSize(before.rejected + 2);
    }

    @Test
    void studyTargetedStoreRefusesInstancesOfAnotherStudy() {
        String target = uid(CT2 + "17196", TagFromName.StudyInstanceUID);
        String otherStudy = uid(OTHER_STUDY, TagFromName.StudyInstanceUID);
        Snapshot before = Snapshot.take();

        HttpResponse<String> alone = web.stow(service, "/studies/" + target, Corpus.bytes(OTHER_STUDY));
        assertThat(alone.statusCode()).isEqualTo(409);
        assertThat(DicomJson.firsts(DicomWebClient.json(alone.body()).path(FAILED_SOP_SEQUENCE).path("Value")
                .valueStream().toList(), FAILURE_REASON))
                .containsExactly(String.valueOf(RejectionReason.STUDY_MISMATCH.dicomStatus()));
        before.assertNothingStored();

        HttpResponse<String> mixed = web.stow(service, "/studies/" + target, Corpus.bytes(CT2 + "17196"),
                Corpus.bytes(OTHER_STUDY));
        assertThat(mixed.statusCode()).isEqualTo(202);
        assertThat(records.stored()).hasSize(before.stored + 1);
        assertThat(records.stored()).noneMatch(s -> s.study().equals(otherStudy));
        assertThat(records.rejected().stream().skip(before.rejected).map(ArchiveRecords.Rejected::reason))
                .containsExactly("STUDY_MISMATCH", "STUDY_MISMATCH");
        awaitVisible(target, uid(CT2 + "17196", TagFromName.SOPInstanceUID));
        assertThat(web.qido(clinician(), "/studies?StudyInstanceUID=" + otherStudy)).isEmpty();

        HttpResponse<String> badPath = web.stow(service, "/studies/not-a-uid", Corpus.bytes(OTHER_STUDY));
        assertProblem(badPath, 400);
    }

    @Test
    void wrongContentTypeIs415ProblemAndStoresNothing() {
        Snapshot before = Snapshot.take();
        byte[] object = Corpus.bytes(OTHER_STUDY);
        assertProblem(web.post(service, "/studies", "application/dicom", object), 415);
        assertProblem(web.post(service, "/studies", "multipart/related; type=\"application/dicom+xml\"; boundary=B",
                DicomWebClient.multipart("B", object)), 415);
        assertProblem(web.post(service, "/studies", "multipart/form-data; boundary=B",
                DicomWebClient.multipart("B", object)), 415);
        before.assertNothingStored();
        assertThat(records.rejected()).hasSize(before.rejected);
    }

    @Test
    void emptyOrGarbledMultipartIs400ProblemAndStoresNothing() {
        Snapshot before = Snapshot.take();
        String related = "multipart/related; type=\"application/dicom\"; boundary=B";
        byte[] object = Corpus.bytes(OTHER_STUDY);
        // No part at all.
        assertProblem(web.post(service, "/studies", related, "--B--\r\n".getBytes(StandardCharsets.US_ASCII)), 400);
        // No boundary parameter.
        assertProblem(web.post(service, "/studies", "multipart/related; type=\"application/dicom\"",
                DicomWebClient.multipart("B", object)), 400);
        // Bytes that are no multipart body at all.
        assertProblem(web.post(service, "/studies", related, object), 400);
        // A complete first part, then the body stops without its closing boundary: nothing of it may be kept.
        byte[] whole = DicomWebClient.multipart("B", object, Corpus.bytes(CT2 + "17106"));
        byte[] cut = Arrays.copyOf(whole, whole.length - 200);
        assertProblem(web.post(service, "/studies", related, cut), 400);

        before.assertNothingStored();
        assertThat(records.rejected()).hasSize(before.rejected);
        assertThat(records.stored()).noneMatch(s -> s.study().equals(uid(OTHER_STUDY, TagFromName.StudyInstanceUID)));
    }

    @Test
    void noTokenIs401AndTheDenialIsRecorded() {
        Snapshot before = Snapshot.take();
        int denials = records.denied().size();
        assertProblem(web.stow(null, "/studies", Corpus.bytes(OTHER_STUDY)), 401);
        assertProblem(web.stow("not.a.token", "/studies", Corpus.bytes(OTHER_STUDY)), 401);
        before.assertNothingStored();
        List<ArchiveRecords.Denied> recorded = records.denied().stream().skip(denials).toList();
        assertThat(recorded).hasSize(2).allSatisfy(d -> {
            assertThat(d.httpStatus()).isEqualTo(401);
            assertThat(d.method()).isEqualTo("POST");
            assertThat(d.path()).isEqualTo("/dicom-web/studies");
            assertThat(d.subject()).isNull();
        });
    }

    @Test
    void rolesThatMayNotStoreGet403AndTheDenialIsRecorded() {
        Snapshot before = Snapshot.take();
        int denials = records.denied().size();
        for (Role role : List.of(Role.AUDITOR, Role.RESEARCHER, Role.DATA_STEWARD)) {
            assertProblem(web.stow(web.token(TENANT, role), "/studies", Corpus.bytes(OTHER_STUDY)), 403);
        }
        before.assertNothingStored();
        List<ArchiveRecords.Denied> recorded = records.denied().stream().skip(denials).toList();
        assertThat(recorded).extracting(ArchiveRecords.Denied::role)
                .containsExactly("auditor", "researcher", "data-steward");
        assertThat(recorded).allSatisfy(d -> {
            assertThat(d.httpStatus()).isEqualTo(403);
            assertThat(d.reason()).isEqualTo("WRONG_ROLE");
            assertThat(d.tenant()).isEqualTo(TENANT);
            assertThat(d.subject()).startsWith("e2e-");
            assertThat(d.path()).isEqualTo("/dicom-web/studies");
        });
    }

    /** Counts before a request that must store nothing: stored events, blob files. */
    private record Snapshot(int stored, int rejected, int blobs) {
        static Snapshot take() {
            return new Snapshot(records.stored().size(), records.rejected().size(), records.blobFiles().size());
        }

        void assertNothingStored() {
            assertThat(records.stored()).as("InstanceStoredEvents").hasSize(stored);
            assertThat(records.blobFiles()).as("blob files").hasSize(blobs);
        }
    }

    private static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(PROBLEM_JSON));
        assertThat(DicomWebClient.json(r.body()).path("status").asInt()).isEqualTo(status);
    }

    private static String clinician() {
        return web.token(TENANT, Role.CLINICIAN);
    }

    private static void awaitVisible(String study, String... sops) {
        Set<String> wanted = Set.of(sops);
        ArchiveRecords.awaitCondition(() -> sopsOf(study).containsAll(wanted), Duration.ofMinutes(3));
        assertThat(sopsOf(study)).containsAll(wanted);
    }

    private static Set<String> sopsOf(String study) {
        return Set.copyOf(DicomJson.firsts(web.qido(clinician(), "/studies/" + study + "/instances"), "00080018"));
    }

    private static String uid(String corpusPath, com.pixelmed.dicom.AttributeTag tag) {
        try {
            AttributeList list = new AttributeList();
            list.read(Corpus.file(corpusPath).toString(), TagFromName.PixelData);
            return com.pixelmed.dicom.Attribute.getSingleStringValueOrNull(list, tag);
        } catch (java.io.IOException | com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException("cannot read " + corpusPath, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
