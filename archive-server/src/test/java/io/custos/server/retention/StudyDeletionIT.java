package io.custos.server.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DateAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.archive.storage.BlobRef;
import io.custos.archive.storage.EncryptedBlobs;
import io.custos.archive.study.api.SealedAttributes;
import io.custos.archive.study.application.AttributeSealer;
import io.custos.keys.DataKeyNotFoundException;
import io.custos.keys.StudyKeys;
import io.custos.server.config.CustosProperties;
import io.custos.server.security.Role;
import io.custos.server.security.TokenMinter;
import io.custos.server.security.TokenRequest;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.RunningArchive;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retention, legal holds and crypto-shredding deletion against the whole archive (real PostgreSQL, Cassandra
 * node, filesystem blobs, local keystore). Tenant {@code t-ret} keeps studies 5 years, mammography 20.
 * After a deletion: the raw blob bytes copied beforehand and the raw event rows in PostgreSQL no longer
 * decrypt, QIDO-RS and WADO-RS do not find the study, the audit trail shows who deleted it and when, and the
 * study does not come back. Studies under a study or patient hold, or within retention, cannot be deleted.
 */
class StudyDeletionIT {

    private static final String TENANT = "t-ret";
    private static final String ROOT = "1.2.826.0.1.3680043.10.1417.";
    private static final AtomicInteger UIDS = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningArchive archive;
    private static DicomWebClient web;
    private static ArchiveRecords records;
    private static String admin;
    private static String clinician;
    private static String auditor;

    @BeforeAll
    static void start() {
        archive = RunningArchive.start(StudyDeletionIT.class,
                "--custos.tenants." + TENANT + ".retention.minimum=P5Y",
                "--custos.tenants." + TENANT + ".retention.by-modality.MG=P20Y");
        web = new DicomWebClient(archive.context());
        records = new ArchiveRecords(archive.context());
        admin = token("ada", Role.TENANT_ADMIN);
        clinician = token("carl", Role.CLINICIAN);
        auditor = token("audrey", Role.AUDITOR);
    }

    @AfterAll
    static void stop() {
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void aDeletedStudyIsShreddedGoneFromQidoAndWadoAuditedAndDoesNotComeBack() throws Exception {
        String study = store("20100301", "CT", "RET-PAT-1", 2);
        awaitQido(study, 1);
        JdbcTemplate jdbc = new JdbcTemplate(archive.context().getBean(javax.sql.DataSource.class));
        List<ArchiveRecords.Stored> stored = records.stored().stream().filter(s -> s.study().equals(study)).toList();
        assertThat(stored).hasSize(2);
        assertThat(records.lookupRows().stream().filter(r -> r.study().equals(study))).isNotEmpty();
        // Keep what an attacker with a disk or database copy would keep: the raw blob bytes and event rows.
        Path blobRoot = archive.context().getBean(CustosProperties.class).dataDir().resolve("blobs");
        Map<String, byte[]> blobCopies = new HashMap<>();
        for (ArchiveRecords.Stored s : stored) {
            blobCopies.put(s.blobRef(), Files.readAllBytes(blobRoot.resolve(s.blobRef())));
        }
        List<String> rawEvents = jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND payloadtype LIKE '%InstanceStoredEvent'", String.class,
                TENANT + "/" + study);
        assertThat(rawEvents).hasSize(2);
        // Before deletion both open: the test's decryption path works.
        StudyKeys keys = archive.context().getBean(StudyKeys.class);
        EncryptedBlobs blobs = archive.context().getBean(EncryptedBlobs.class);
        AttributeSealer sealer = archive.context().getBean(AttributeSealer.class);
        assertThat(sealer.open(TENANT + "/" + study, sealed(rawEvents.get(0)))).isNotEmpty();

        HttpResponse<String> byClinician = delete(clinician, study, "RETENTION_EXPIRED");
        assertThat(byClinician.statusCode()).isEqualTo(403);

        HttpResponse<String> deleted = delete(admin, study, "RETENTION_EXPIRED");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(deleted.body());
        assertThat(answer.get("outcome").asString()).isEqualTo("DELETED");
        assertThat(answer.get("instances").asInt()).isEqualTo(2);

        // The key is destroyed: neither the copied blob bytes nor the sealed PHI in the event rows open.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM custos_data_keys WHERE study_ref = ?", Integer.class,
                study)).isZero();
        for (Map.Entry<String, byte[]> copy : blobCopies.entrySet()) {
            BlobRef ref = BlobRef.parse(copy.getKey());
            assertThat(blobRoot.resolve(copy.getKey())).doesNotExist();
            assertThatThrownBy(() -> keys.byId(ref.dataKeyId())).isInstanceOf(DataKeyNotFoundException.class);
        }
        for (String raw : rawEvents) {
            assertThatThrownBy(() -> sealer.open(TENANT + "/" + study, sealed(raw)))
                    .isInstanceOf(DataKeyNotFoundException.class);
        }
        // The event rows themselves are unchanged (the ledger hashes them): same bytes as before deletion.
        assertThat(jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND payloadtype LIKE '%InstanceStoredEvent'", String.class,
                TENANT + "/" + study)).isEqualTo(rawEvents);
        assertThat(payloadTypes(jdbc, study)).contains("io.custos.archive.retention.api.StudyDeletedEvent",
                "io.custos.archive.retention.api.StudyShreddedEvent");

        // Gone for readers: QIDO (projection rows removed) and WADO (the events say deleted).
        awaitQido(study, 0);
        assertThat(records.instanceRows().stream().filter(r -> r.study().equals(study))).isEmpty();
        // Its lookup rows (keyed by PatientID and AccessionNumber values) go with it: no PHI stays behind.
        assertThat(records.lookupRows().stream().filter(r -> r.study().equals(study))).isEmpty();
        assertThat(web.get(clinician, "/studies/" + study + "/metadata").statusCode()).isEqualTo(404);

        // The audit trail names who deleted it and when.
        JsonNode entry = awaitAuditEntry(study, "STUDY_DELETED");
        assertThat(entry.get("subject").asString()).isEqualTo("ada");
        assertThat(entry.get("outcome").asString()).isEqualTo("DELETED");
        assertThat(entry.get("at").asString()).isNotBlank();

        // Deleting again changes nothing; sending the study again is refused (0124H) and stores nothing.
        assertThat(JSON.readTree(delete(admin, study, "RETENTION_EXPIRED").body()).get("outcome").asString())
                .isEqualTo("ALREADY_DELETED");
        Set<String> blobsBefore = records.blobFiles();
        HttpResponse<String> again = web.stow(web.token(TENANT, Role.CLINICIAN), "/studies",
                instance(study, "20100301", "CT", "RET-PAT-1"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(failureReasons(again.body())).containsExactly(0x0124);
        assertThat(records.blobFiles()).isEqualTo(blobsBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM custos_data_keys WHERE study_ref = ?", Integer.class,
                study)).isZero();
    }

    @Test
    void withinRetentionTheDeletionIsRefusedWithTheFirstAllowedDayAndNothingChanges() throws Exception {
        LocalDate lastYear = LocalDate.now().minusYears(1);
        String young = store(lastYear.format(DateTimeFormatter.BASIC_ISO_DATE), "CT", "RET-PAT-2", 1);
        String mammo = store("20100301", "MG", "RET-PAT-3", 1);
        awaitQido(young, 1);
        int blobs = records.blobFiles().size();

        HttpResponse<String> refused = delete(admin, young, "PATIENT_REQUEST");
        assertProblem(refused, 409, "RETENTION_PERIOD");
        assertThat(JSON.readTree(refused.body()).get("retainUntil").asString())
                .isEqualTo(lastYear.plusYears(5).toString());
        HttpResponse<String> mg = delete(admin, mammo, "RETENTION_EXPIRED");
        assertProblem(mg, 409, "RETENTION_PERIOD");
        assertThat(JSON.readTree(mg.body()).get("retainUntil").asString()).isEqualTo("2030-03-01");

        assertThat(records.blobFiles()).hasSize(blobs);
        assertThat(web.qido(clinician, "/studies?StudyInstanceUID=" + young)).hasSize(1);
        assertThat(awaitAuditEntry(young, "STUDY_DELETION_REFUSED").get("outcome").asString())
                .isEqualTo("RETENTION_PERIOD");
    }

    @Test
    void aStudyHoldBlocksDeletionUntilReleased() throws Exception {
        String study = store("20100301", "CT", "RET-PAT-4", 1);
        HttpResponse<String> placed = send("PUT", "/admin/studies/" + study + "/legal-holds/LIT-2026-014", admin, null);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        assertThat(send("PUT", "/admin/studies/" + study + "/legal-holds/LIT-2026-014", admin, null).statusCode())
                .isEqualTo(200);

        HttpResponse<String> refused = delete(admin, study, "RETENTION_EXPIRED");
        assertProblem(refused, 409, "STUDY_LEGAL_HOLD");
        assertThat(JSON.readTree(refused.body()).get("holds").get(0).asString()).isEqualTo("LIT-2026-014");
        assertThat(keyRows(study)).isEqualTo(1);

        assertThat(send("DELETE", "/admin/studies/" + study + "/legal-holds/LIT-2026-014", admin, null)
                .statusCode()).isEqualTo(200);
        assertThat(delete(admin, study, "RETENTION_EXPIRED").statusCode()).isEqualTo(200);
        assertThat(keyRows(study)).isZero();
        assertThat(awaitAuditEntry(study, "LEGAL_HOLD_PLACED").get("subject").asString()).isEqualTo("ada");
    }

    @Test
    void aPatientHoldBlocksDeletionOfThePatientsStudies() throws Exception {
        String study = store("20100301", "CT", "RET-PAT-HELD", 1);
        String hold = "{\"patientId\":\"RET-PAT-HELD\",\"hold\":\"GDPR-DISPUTE-7\"}";
        assertThat(send("POST", "/admin/patients/legal-holds", admin, hold).statusCode()).isEqualTo(201);

        assertProblem(delete(admin, study, "PATIENT_REQUEST"), 409, "PATIENT_LEGAL_HOLD");
        assertThat(keyRows(study)).isEqualTo(1);

        assertThat(send("POST", "/admin/patients/legal-holds/release", admin, hold).statusCode()).isEqualTo(200);
        assertThat(delete(admin, study, "PATIENT_REQUEST").statusCode()).isEqualTo(200);
    }

    @Test
    void badRequestsAreProblemsAndRecordNothing() {
        String study = ROOT + "999.1";
        long events = records.eventCount();
        assertProblem(delete(admin, "not-a-uid", "RETENTION_EXPIRED"), 400, null);
        assertProblem(delete(admin, study, "BECAUSE"), 400, null);
        assertProblem(delete(admin, study, "RETENTION_EXPIRED"), 404, null);
        assertProblem(send("PUT", "/admin/studies/" + study + "/legal-holds/bad%20hold", admin, null), 400, null);
        assertProblem(send("PUT", "/admin/studies/" + study + "/legal-holds/LIT-1", admin, null), 404, null);
        assertThat(records.eventCount()).isEqualTo(events);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static String token(String subject, Role role) {
        return archive.context().getBean(TokenMinter.class).mint(new TokenRequest(subject, Set.of(role), TENANT,
                Set.of("local"), Duration.ofHours(1)));
    }

    /** Stores a study of {@code count} instances through STOW-RS; returns its Study Instance UID. */
    private static String store(String studyDate, String modality, String patientId, int count) throws Exception {
        String study = ROOT + UIDS.incrementAndGet() + "." + System.nanoTime();
        List<byte[]> objects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            objects.add(instance(study, studyDate, modality, patientId));
        }
        HttpResponse<String> r = web.stow(web.token(TENANT, Role.CLINICIAN), "/studies", objects.toArray(byte[][]::new));
        assertThat(r.statusCode()).isEqualTo(200);
        return study;
    }

    /** CT_small's header and pixels with new UIDs, study date, modality and a synthetic patient. */
    private static byte[] instance(String study, String studyDate, String modality, String patientId)
            throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(Corpus.file("test_files/CT_small.dcm").toString());
        put(list, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), study);
        put(list, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), study + ".1");
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID),
                study + ".1." + UIDS.incrementAndGet());
        put(list, new DateAttribute(TagFromName.StudyDate), studyDate);
        put(list, new CodeStringAttribute(TagFromName.Modality), modality);
        put(list, new LongStringAttribute(TagFromName.PatientID), patientId);
        put(list, new PersonNameAttribute(TagFromName.PatientName), "Retention^Synthetic");
        list.removeGroupLengthAttributes();
        list.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "RETIT");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
        return out.toByteArray();
    }

    private static void put(AttributeList list, Attribute a, String value) throws Exception {
        a.addValue(value);
        list.put(a);
    }

    private static HttpResponse<String> delete(String token, String study, String reason) {
        return send("POST", "/admin/studies/" + study + "/deletion", token, "{\"reason\":\"" + reason + "\"}");
    }

    private static HttpResponse<String> send(String method, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(web.root() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertProblem(HttpResponse<String> r, int status, String refusal) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        if (refusal != null) {
            assertThat(JSON.readTree(r.body()).get("refusal").asString()).isEqualTo(refusal);
        }
    }

    private static void awaitQido(String study, int expected) {
        ArchiveRecords.awaitCondition(() -> web.qido(clinician, "/studies?StudyInstanceUID=" + study).size()
                == expected, Duration.ofMinutes(2));
        assertThat(web.qido(clinician, "/studies?StudyInstanceUID=" + study)).hasSize(expected);
    }

    private static JsonNode awaitAuditEntry(String study, String kind) {
        JsonNode[] found = new JsonNode[1];
        ArchiveRecords.awaitCondition(() -> {
            HttpResponse<String> r = send("GET", "/audit/studies/" + study + "/accesses", auditor, null);
            if (r.statusCode() != 200) {
                return false;
            }
            for (JsonNode e : JSON.readTree(r.body()).get("entries")) {
                if (e.get("kind").asString().equals(kind)) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        }, Duration.ofMinutes(2));
        assertThat(found[0]).as("audit entry %s", kind).isNotNull();
        return found[0];
    }

    private static SealedAttributes sealed(String rawEvent) {
        JsonNode attributes = JSON.readTree(rawEvent).get("attributes");
        return new SealedAttributes(attributes.get("dataKeyId").asString(),
                Base64.getDecoder().decode(attributes.get("ciphertext").asString()));
    }

    private static List<String> payloadTypes(JdbcTemplate jdbc, String study) {
        return jdbc.queryForList("SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ?"
                + " ORDER BY sequencenumber", String.class, TENANT + "/" + study);
    }

    private static int keyRows(String study) {
        return new JdbcTemplate(archive.context().getBean(javax.sql.DataSource.class)).queryForObject(
                "SELECT count(*) FROM custos_data_keys WHERE study_ref = ?", Integer.class, study);
    }

    /** Failure Reason (0008,1197) values of the STOW-RS response's FailedSOPSequence (PS3.18 10.5.3). */
    private static List<Integer> failureReasons(String body) {
        List<Integer> reasons = new ArrayList<>();
        JsonNode failed = JSON.readTree(body).path("00081198").path("Value");
        for (JsonNode item : failed) {
            reasons.add(item.path("00081197").path("Value").get(0).asInt());
        }
        return reasons;
    }
}
