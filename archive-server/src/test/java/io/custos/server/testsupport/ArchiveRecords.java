package io.custos.server.testsupport;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.custos.server.config.CustosProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a running test archive has recorded, read from where it keeps it and not through its own APIs: events
 * from Axon's {@code domainevententry} table (JDBC on the embedded PostgreSQL), encrypted blob files under
 * {@code <data-dir>/blobs}, and rows of the QIDO tables in the test keyspace.
 */
public final class ArchiveRecords {

    public record Stored(String tenant, String study, String series, String sop, String sopClass, String sha256,
                         String blobRef) {
    }

    public record Rejected(String tenant, String sop, String sha256, String reason, String channel) {
    }

    public record ReceivedAgain(String tenant, String sop, String sha256) {
    }

    public record Denied(String subject, String tenant, String role, String method, String path, int httpStatus,
                         String reason) {
    }

    /** One row of a QIDO table, identified by tenant and UIDs (nothing else: the rest may be PHI). */
    public record IndexRow(String tenant, String study, String series, String sop) {
    }

    private static final String EVENTS = "io.custos.archive.study.api.";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final CqlSession cql;
    private final Path blobRoot;

    public ArchiveRecords(ConfigurableApplicationContext archive) {
        this.jdbc = new JdbcTemplate(archive.getBean(DataSource.class));
        this.cql = archive.getBean(CqlSession.class);
        this.blobRoot = archive.getBean(CustosProperties.class).dataDir().resolve("blobs");
    }

    public List<Stored> stored() {
        return payloads(EVENTS + "InstanceStoredEvent").stream().map(p -> new Stored(p.path("tenant").path("value").asString(),
                p.path("study").path("value").asString(), p.path("series").path("value").asString(),
                p.path("sop").path("value").asString(), p.path("sopClass").path("value").asString(),
                p.path("sha256").asString(), p.path("blobRef").asString())).toList();
    }

    public List<Rejected> rejected() {
        return payloads(EVENTS + "InstanceIngestRejectedEvent").stream().map(p -> new Rejected(
                p.path("tenant").path("value").asString(), text(p.path("sopInstanceUid")), p.path("sha256").asString(),
                p.path("reason").asString(), p.path("source").path("channel").asString())).toList();
    }

    public List<ReceivedAgain> receivedAgain() {
        return payloads(EVENTS + "InstanceReceivedAgainEvent").stream().map(p -> new ReceivedAgain(
                p.path("tenant").path("value").asString(), p.path("sop").path("value").asString(),
                p.path("sha256").asString())).toList();
    }

    public List<Denied> denied() {
        return payloads("io.custos.archive.access.api.AccessDeniedEvent").stream().map(p -> new Denied(
                text(p.path("subject")), text(p.path("tenant")), text(p.path("role")), text(p.path("method")),
                text(p.path("path")), p.path("httpStatus").asInt(), text(p.path("reason")))).toList();
    }

    /** Every event of any type (used to prove that a refused request added none). */
    public long eventCount() {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }

    /** Every file under the blob store, relative to its root (a blob reference for committed blobs). */
    public Set<String> blobFiles() {
        if (!Files.isDirectory(blobRoot)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(blobRoot)) {
            Set<String> all = new HashSet<>();
            files.filter(Files::isRegularFile).forEach(f -> all.add(blobRoot.relativize(f).toString()));
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Set<IndexRow> studyRows() {
        return rows("SELECT tenant, study_uid FROM qido_study", r -> new IndexRow(r.getString(0), r.getString(1), null, null));
    }

    /** The study lookup rows (by PatientID and AccessionNumber), as tenant and study. */
    public Set<IndexRow> lookupRows() {
        return rows("SELECT tenant, study_uid FROM qido_study_lookup",
                r -> new IndexRow(r.getString(0), r.getString(1), null, null));
    }

    public Set<IndexRow> seriesRows() {
        return rows("SELECT tenant, study_uid, series_uid FROM qido_series",
                r -> new IndexRow(r.getString(0), r.getString(1), r.getString(2), null));
    }

    public Set<IndexRow> instanceRows() {
        return rows("SELECT tenant, study_uid, series_uid, sop_uid FROM qido_instance",
                r -> new IndexRow(r.getString(0), r.getString(1), r.getString(2), r.getString(3)));
    }

    /**
     * Polls until {@code condition} holds or {@code limit} passes; the projection is asynchronous. A generous
     * deadline is a safety net for a shared machine, not a timing assertion: callers assert the end state.
     */
    public static void awaitCondition(Supplier<Boolean> condition, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.get() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Set<IndexRow> rows(String cql, java.util.function.Function<Row, IndexRow> map) {
        Set<IndexRow> rows = new HashSet<>();
        this.cql.execute(cql).forEach(r -> rows.add(map.apply(r)));
        return rows;
    }

    private List<JsonNode> payloads(String payloadType) {
        return jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE payloadtype = ?"
                + " ORDER BY globalindex", String.class, payloadType).stream().map(s -> JSON.readTree(s)).toList();
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asString();
    }
}
