package io.custos.server.viewer;

import io.custos.archive.ingest.dimse.DicomServer;
import io.custos.server.security.Role;
import io.custos.server.security.TokenMinter;
import io.custos.server.security.TokenRequest;
import io.custos.server.testsupport.ArchiveTestApp;
import io.custos.server.testsupport.TestDirs;
import io.custos.server.testsupport.TestKeyspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real archive (shared Cassandra node, embedded PostgreSQL) holding pydicom's CT_small, sent through the
 * real ingest path (dcmtk's dcmsend over DIMSE), for the viewer tests.
 */
final class ViewerArchive implements AutoCloseable {

    static final Path CT_SMALL = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");
    static final String CT_SMALL_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
    static final String TENANT = "default";

    private final TestKeyspace keyspace;
    private final ConfigurableApplicationContext app;
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    private ViewerArchive(TestKeyspace keyspace, ConfigurableApplicationContext app) {
        this.keyspace = keyspace;
        this.app = app;
        this.base = URI.create("http://127.0.0.1:" + app.getEnvironment().getRequiredProperty("local.server.port"));
    }

    static ViewerArchive withCtSmall(Class<?> owner) {
        TestKeyspace keyspace = TestKeyspace.create(owner);
        ConfigurableApplicationContext app = null;
        try {
            app = ArchiveTestApp.start(TestDirs.newDataDir(owner), keyspace, "--custos.dimse.port=0");
            ViewerArchive archive = new ViewerArchive(keyspace, app);
            archive.send(CT_SMALL, app.getBean(DicomServer.class).port());
            archive.awaitIndexed(CT_SMALL_STUDY);
            return archive;
        } catch (RuntimeException | Error e) {
            if (app != null) {
                app.close();
            }
            keyspace.close();
            throw e;
        }
    }

    URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    String token(Role role) {
        return app.getBean(TokenMinter.class).mint(new TokenRequest("viewer-it", Set.of(role), TENANT,
                Set.of("local"), Duration.ofHours(1)));
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void send(Path file, int dimsePort) {
        ProcessBuilder pb = new ProcessBuilder(List.of("dcmsend", "-v", "--decompress-never", "-aet", "DCMSEND",
                "-aec", "CUSTOS", "127.0.0.1", String.valueOf(dimsePort), file.toString()))
                .redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        try {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("dcmsend did not finish");
            }
            // dcmsend exits 0 even when the peer refused the presentation context: read its summary.
            if (p.exitValue() != 0 || !output.matches("(?s).*with status SUCCESS\\s*: 1.*")) {
                throw new IllegalStateException("dcmsend of " + file.getFileName() + " failed (exit " + p.exitValue() + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The study index is a projection, updated asynchronously: wait (bounded) until QIDO lists the study. */
    private void awaitIndexed(String studyUid) {
        String token = token(Role.CLINICIAN);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            HttpResponse<String> r = get("/dicom-web/studies?StudyInstanceUID=" + studyUid,
                    "Authorization", "Bearer " + token, "Accept", "application/dicom+json");
            if (r.statusCode() == 200 && r.body().contains(studyUid)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("QIDO did not list the stored study (last status " + r.statusCode() + ")");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            keyspace.close();
        }
    }
}
