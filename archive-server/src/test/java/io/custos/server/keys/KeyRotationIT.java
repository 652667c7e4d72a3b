package io.custos.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.access.api.AccessDeniedEvent;
import io.custos.archive.keymanagement.api.DataKeysRewrappedEvent;
import io.custos.archive.keymanagement.api.KekRotatedEvent;
import io.custos.archive.keymanagement.api.KekVersionRetiredEvent;
import io.custos.archive.keymanagement.api.KeyAdministrationRefusedEvent;
import io.custos.keys.KeyEncryptionKeys;
import io.custos.keys.KeyScope;
import io.custos.keys.StudyKeys;
import io.custos.keys.jdbc.JdbcWrappedKeyRepository;
import io.custos.server.security.Role;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.EventPayloads;
import io.custos.server.testsupport.RunningArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * KEK rotation end to end on the whole archive (real PostgreSQL, the shared Cassandra node): a stored study
 * stays readable through WADO-RS after rotation, after the background rewrap moved every data key to the new
 * version, and after the old version is retired; the operations and the refusals are events. The data-key
 * cache lives 1 ms here, so every read unwraps the study's key from its row as it is at that moment.
 */
class KeyRotationIT {

    private static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");
    private static final int EXTRA_KEYS = 5;

    private static RunningArchive archive;
    private static DicomWebClient web;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String admin;
    private static byte[] original;
    private static String instancePath;

    @BeforeAll
    static void start() throws Exception {
        archive = RunningArchive.start(KeyRotationIT.class, "--custos.keys.cache.ttl=1ms",
                "--custos.keys.rewrap-page-size=2");
        web = new DicomWebClient(archive.context());
        admin = web.token("default", Role.TENANT_ADMIN);
        original = Files.readAllBytes(CT);
        AttributeList list = new AttributeList();
        list.read(CT.toString(), TagFromName.PixelData);
        instancePath = "/dicom-web/studies/" + value(list, TagFromName.StudyInstanceUID)
                + "/series/" + value(list, TagFromName.SeriesInstanceUID)
                + "/instances/" + value(list, TagFromName.SOPInstanceUID);
        assertThat(web.stow(web.token("default", Role.CLINICIAN), "/studies", original).statusCode()).isEqualTo(200);
        StudyKeys keys = archive.context().getBean(StudyKeys.class);
        for (int i = 0; i < EXTRA_KEYS; i++) {
            keys.forStudy(new KeyScope("default", "local"), "1.2.826.0.1.3680043.10.1." + i).destroy();
        }
    }

    @AfterAll
    static void stop() {
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void rotateRewrapRetireKeepsTheStudyReadableAndIsRecorded() throws Exception {
        int keys = EXTRA_KEYS + 1;
        JsonNode before = json(send("GET", "/admin/keys", admin), 200);
        assertThat(before.get("currentVersion").asInt()).isEqualTo(1);
        assertThat(before.get("kekId").asText()).isEqualTo("kek:default:local");
        assertThat(before.get("region").asText()).isEqualTo("local");
        assertThat(before.get("wrappedKeysByVersion").get("1").asLong()).isEqualTo(keys);
        assertThat(send("GET", "/admin/keys", web.token("default", Role.CLINICIAN)).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/admin/keys/rotation", web.token("default", Role.AUDITOR)).statusCode())
                .isEqualTo(403);
        assertReadable();

        JsonNode rotated = json(send("POST", "/admin/keys/rotation", admin), 202);
        assertThat(rotated.get("previousVersion").asInt()).isEqualTo(1);
        assertThat(rotated.get("currentVersion").asInt()).isEqualTo(2);
        assertThat(rotated.get("dataKeysToRewrap").asLong()).isEqualTo(keys);
        assertReadable();

        ArchiveRecords.awaitCondition(() -> {
            JsonNode status = json(send("GET", "/admin/keys", admin), 200);
            return status.get("outdatedKeys").asLong() == 0 && !status.get("rewrapRunning").asBoolean();
        }, Duration.ofMinutes(2));
        JsonNode rewrapped = json(send("GET", "/admin/keys", admin), 200);
        assertThat(rewrapped.get("outdatedKeys").asLong()).as("data keys left under version 1").isZero();
        assertThat(rewrapped.get("rewrapRunning").asBoolean()).isFalse();
        assertThat(rewrapped.get("wrappedKeysByVersion").get("2").asLong()).isEqualTo(keys);
        assertThat(kekVersionsInTable()).containsOnly(2);
        assertThat(kekVersionsInTable()).hasSize(keys);
        assertReadable();

        HttpResponse<String> current = send("POST", "/admin/keys/versions/2/retirement", admin);
        assertThat(current.statusCode()).isEqualTo(409);
        assertThat(current.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(send("POST", "/admin/keys/versions/x/retirement", admin).statusCode()).isEqualTo(400);
        JsonNode retired = json(send("POST", "/admin/keys/versions/1/retirement", admin), 200);
        assertThat(retired.get("retiredThroughVersion").asInt()).isEqualTo(1);
        JsonNode after = json(send("GET", "/admin/keys", admin), 200);
        assertThat(after.get("minDecryptionVersion").asInt()).isEqualTo(2);
        assertReadable();
        // A data key still wrapped under the retired version would no longer open: none is left.
        KeyEncryptionKeys keks = archive.context().getBean(KeyEncryptionKeys.class);
        assertThat(keks.versions(new KeyScope("default", "local")).isRetired(1)).isTrue();

        KekRotatedEvent rotation = single(events(KekRotatedEvent.class));
        assertThat(rotation.tenant()).isEqualTo("default");
        assertThat(rotation.region()).isEqualTo("local");
        assertThat(rotation.newVersion()).isEqualTo(2);
        assertThat(rotation.outdatedDataKeys()).isEqualTo(keys);
        assertThat(rotation.actor().roles()).isEqualTo("tenant-admin");
        DataKeysRewrappedEvent rewrap = single(events(DataKeysRewrappedEvent.class));
        assertThat(rewrap.rewrapped()).isEqualTo(keys);
        assertThat(rewrap.failed() + rewrap.skipped()).isZero();
        assertThat(rewrap.targetVersion()).isEqualTo(2);
        KekVersionRetiredEvent retirement = single(events(KekVersionRetiredEvent.class));
        assertThat(retirement.retiredThroughVersion()).isEqualTo(1);
        assertThat(retirement.currentVersion()).isEqualTo(2);
        assertThat(retirement.kekId()).isEqualTo("kek:default:local");
        assertThat(events(KeyAdministrationRefusedEvent.class)).singleElement()
                .satisfies(refused -> assertThat(refused.operation()).isEqualTo("retirement"));
        assertThat(events(AccessDeniedEvent.class)).extracting(AccessDeniedEvent::path)
                .contains("/admin/keys", "/admin/keys/rotation");
    }

    /** The instance's original bytes come back through WADO-RS (decrypted under the key unwrapped just now). */
    private static void assertReadable() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(web.root() + instancePath))
                .header("Authorization", "Bearer " + web.token("default", Role.CLINICIAN))
                .header("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*")
                .GET().build();
        HttpResponse<byte[]> response = call(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        byte[] tail = Arrays.copyOfRange(original, original.length - 256, original.length);
        assertThat(response.body()).containsSequence(tail);
    }

    private static List<Integer> kekVersionsInTable() throws Exception {
        List<Integer> versions = new ArrayList<>();
        try (Connection c = archive.context().getBean(DataSource.class).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT kek_version FROM custos_data_keys")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        assertThat(archive.context().getBean(JdbcWrappedKeyRepository.class)).isNotNull();
        return versions;
    }

    private static HttpResponse<String> send(String method, String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(web.root() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return call(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int expectedStatus) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return DicomWebClient.json(response.body());
    }

    private static <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<T> events(Class<T> type) {
        return EventPayloads.ofType(archive.context(), type);
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static String value(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag);
    }
}
