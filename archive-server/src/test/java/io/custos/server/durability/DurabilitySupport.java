package io.custos.server.durability;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.server.security.Role;
import io.custos.server.security.TokenMinter;
import io.custos.server.security.TokenRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.ConfigurableApplicationContext;

/** Shared plumbing of the durability tests: dcmtk, Part 10 parsing, digests, QIDO and the event store. */
final class DurabilitySupport {

    static final Path CORPUS = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    static final TenantId TENANT = new TenantId("default");
    static final String CALLED_AE = "CUSTOS";

    /** Identity of one instance, read from its file. */
    record Uids(String study, String series, String sop, String sopClass) {
    }

    record Result(int exitCode, String output) {
    }

    private DurabilitySupport() {
    }

    /** Runs a dcmtk (or other) command with Nagle off and returns its exit code and combined output. */
    static Result run(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            // A safety net against a hung peer, not a timing assertion.
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Uids uids(Path file) {
        try {
            AttributeList list = new AttributeList();
            list.read(file.toString(), TagFromName.PixelData);
            return new Uids(
                    com.pixelmed.dicom.Attribute.getSingleStringValueOrNull(list, TagFromName.StudyInstanceUID),
                    com.pixelmed.dicom.Attribute.getSingleStringValueOrNull(list, TagFromName.SeriesInstanceUID),
                    com.pixelmed.dicom.Attribute.getSingleStringValueOrNull(list, TagFromName.SOPInstanceUID),
                    com.pixelmed.dicom.Attribute.getSingleStringValueOrNull(list, TagFromName.SOPClassUID));
        } catch (IOException | com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException("cannot read " + file.getFileName(), e);
        }
    }

    /**
     * The data set of a PS3.10 object: what follows the File Meta Information group, whose length is the value
     * of (0002,0000) right after the preamble and "DICM" (explicit VR little endian, 12 bytes).
     */
    static byte[] dataSet(byte[] part10) {
        if (part10.length < 144 || !"DICM".equals(new String(part10, 128, 4, StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("not a PS3.10 object with a meta header");
        }
        ByteBuffer b = ByteBuffer.wrap(part10).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getShort(132) != 0x0002 || b.getShort(134) != 0x0000) {
            throw new IllegalArgumentException("meta header does not start with its group length");
        }
        int groupLength = b.getInt(140);
        return Arrays.copyOfRange(part10, 144 + groupLength, part10.length);
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<InstanceStoredEvent> find(StoredInstances stored, Uids uids) {
        return stored.find(TENANT, new StudyInstanceUid(uids.study()), new SopInstanceUid(uids.sop()));
    }

    /** Every InstanceStoredEvent in the event store, read from the global stream (the system of record). */
    static List<InstanceStoredEvent> allStoredEvents(ConfigurableApplicationContext ctx) {
        List<InstanceStoredEvent> all = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = ctx.getBean(EventStore.class).openStream(null)) {
            while (stream.hasNextAvailable()) {
                TrackedEventMessage<?> message = stream.nextAvailable();
                if (message.getPayload() instanceof InstanceStoredEvent event) {
                    all.add(event);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return all;
    }

    static Set<String> blobRefsOnDisk(ConfigurableApplicationContext ctx) {
        try (var blobs = ctx.getBean(io.custos.archive.storage.BlobStore.class).list()) {
            Set<String> refs = new HashSet<>();
            blobs.forEach(b -> refs.add(b.ref()));
            return refs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String token(ConfigurableApplicationContext ctx) {
        return ctx.getBean(TokenMinter.class).mint(new TokenRequest("durability-it", Set.of(Role.CLINICIAN),
                TENANT.value(), Set.of("local"), Duration.ofHours(1)));
    }

    static int httpPort(ConfigurableApplicationContext ctx) {
        return Integer.parseInt(ctx.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** GET a QIDO-RS path; returns the status and body (empty for 204). */
    static HttpResponse<String> qido(int port, String token, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dicom-web" + pathAndQuery))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/dicom+json")
                .GET().build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SOP Instance UIDs QIDO lists for a study (empty if the study is unknown to the projection). */
    static Set<String> qidoSops(int port, String token, String study) {
        HttpResponse<String> r = qido(port, token, "/studies/" + study + "/instances?limit=1000");
        if (r.statusCode() == 204) {
            return Set.of();
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("QIDO answered " + r.statusCode());
        }
        return sopUidsIn(r.body());
    }

    /** The values of (0008,0018) in a DICOM JSON array; a plain scan keeps the test free of JSON library choices. */
    static Set<String> sopUidsIn(String dicomJson) {
        Set<String> sops = new HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\"00080018\"\\s*:\\s*\\{[^}]*\"Value\"\\s*:\\s*\\[\\s*\"([0-9.]+)\"")
                .matcher(dicomJson);
        while (m.find()) {
            sops.add(m.group(1));
        }
        return sops;
    }
}
