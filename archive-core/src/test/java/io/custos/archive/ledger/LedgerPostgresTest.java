package io.custos.archive.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.ledger.jdbc.JdbcLedger;
import io.custos.archive.testing.MovableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sealer and the verifier against a real PostgreSQL holding Axon's event table: sealing resumes where it
 * stopped, late commits are sealed, and tampering directly in PostgreSQL (a payload byte, a deleted row, a forged
 * row, two swapped positions) or in the published checkpoints (a changed root, a dropped file) is detected and
 * named.
 */
class LedgerPostgresTest {

    private static final ChainId ACME = new ChainId("acme", "local");
    private static final ChainId GLOBEX = new ChainId("globex", "local");
    private static final Ed25519PrivateKeyParameters KEY = new Ed25519PrivateKeyParameters(new SecureRandom());
    /** The test events' payload is "tenant|n": the assigner reads the tenant from it. */
    private static final ChainAssigner ASSIGNER = e -> new ChainId(
            new String(e.payload(), StandardCharsets.UTF_8).split("\\|")[0], "local");

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;

    @TempDir
    Path checkpointRoot;
    private JdbcLedger ledger;
    private CheckpointDirectory directory;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
        dataSource = postgres.getPostgresDatabase();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void freshStore() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS domainevententry, custos_ledger_links, custos_ledger_cursor,"
                    + " custos_ledger_gaps");
            PostgresEventTableFactory.INSTANCE.createDomainEventTable(c, EventSchema.builder().build()).execute();
        }
        ledger = new JdbcLedger(dataSource);
        ledger.createSchemaIfAbsent();
        directory = new CheckpointDirectory(checkpointRoot);
    }

    @Test
    void sealingResumesWhereItStoppedAndEverythingVerifies() throws Exception {
        for (int i = 1; i <= 23; i++) {
            append(i * 10L, i % 3 == 0 ? "globex" : "acme", i);
        }
        sealer(10).sealAvailable(); // one batch, then a "crash": a new sealer picks up from the stored cursor
        LedgerSealer restarted = sealer(10);
        while (restarted.sealAvailable() > 0) {
            // until everything visible is sealed
        }
        restarted.checkpointDue(true);

        List<LedgerVerification.ChainResult> results = verification().verifyAll(Set.of());
        assertThat(results).extracting(LedgerVerification.ChainResult::finding).containsOnly(Optional.empty());
        assertThat(results).extracting(LedgerVerification.ChainResult::checkpointedPosition)
                .containsExactlyInAnyOrder(16L, 7L);
        assertThat(ledger.links(ACME, 1, Long.MAX_VALUE)).extracting(ChainLink::position)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L);
    }

    @Test
    void anIndexCommittedAfterAHigherOneIsSealedWhenItAppears() throws Exception {
        append(10, "acme", 1);
        append(30, "acme", 3); // 20 not yet committed
        LedgerSealer sealer = sealer(100);
        sealer.sealAvailable();
        // Every index below 30 not seen is an open gap (1..9 included: indexes start at 1).
        assertThat(ledger.cursor().gaps()).hasSize(28).containsKey(20L).doesNotContainKeys(10L, 30L);
        append(20, "acme", 2);
        assertThat(sealer.sealAvailable()).isEqualTo(1);
        sealer.checkpointDue(true);
        assertThat(verify(ACME)).isEmpty();
        assertThat(ledger.links(ACME, 1, 3)).extracting(ChainLink::globalIndex).containsExactly(10L, 30L, 20L);
        // Gaps that stay empty past the timeout are dropped as rolled back.
        clock.advance(Duration.ofMinutes(2));
        sealer.sealAvailable();
        assertThat(ledger.cursor().gaps()).isEmpty();
    }

    @Test
    void aChangedPayloadByteIsModified() throws Exception {
        sealTen();
        sql("UPDATE domainevententry SET payload = overlay(payload placing 'X' from 6 for 1) WHERE globalindex = 40");
        assertThat(verify(ACME)).hasValueSatisfying(f -> assertKind(f, Finding.Kind.MODIFIED, 4));
    }

    @Test
    void aDeletedRowIsMissing() throws Exception {
        sealTen();
        sql("DELETE FROM domainevententry WHERE globalindex = 70");
        assertThat(verify(ACME)).hasValueSatisfying(f -> assertKind(f, Finding.Kind.MISSING, 7));
    }

    @Test
    void aForgedRowIsInserted() throws Exception {
        sealTen();
        append(55, "acme", 99);
        assertThat(verify(ACME)).hasValueSatisfying(f -> assertKind(f, Finding.Kind.INSERTED, 6));
    }

    @Test
    void twoSwappedPositionsAreReordered() throws Exception {
        sealTen();
        sql("UPDATE domainevententry SET globalindex = -1 WHERE globalindex = 20");
        sql("UPDATE domainevententry SET globalindex = 20 WHERE globalindex = 30");
        sql("UPDATE domainevententry SET globalindex = 30 WHERE globalindex = -1");
        assertThat(verify(ACME)).hasValueSatisfying(f -> assertKind(f, Finding.Kind.REORDERED, 2));
    }

    @Test
    void aChangedRootInAPublishedCheckpointIsInvalid() throws Exception {
        sealTen();
        Path file = checkpointFiles(ACME).get(0);
        file.toFile().setWritable(true);
        String text = Files.readString(file);
        String root = text.lines().filter(l -> l.startsWith("merkleRoot=")).findFirst().orElseThrow();
        char flipped = root.charAt(11) == '0' ? '1' : '0';
        Files.writeString(file, text.replace(root, "merkleRoot=" + flipped + root.substring(12)));
        assertThat(verify(ACME)).hasValueSatisfying(f -> assertKind(f, Finding.Kind.CHECKPOINT_INVALID, 1));
    }

    @Test
    void aDroppedCheckpointFileIsMissing() throws Exception {
        sealTen();
        Files.delete(checkpointFiles(ACME).get(0));
        assertThat(verify(ACME)).hasValueSatisfying(f -> assertKind(f, Finding.Kind.CHECKPOINT_MISSING, 1));
    }

    @Test
    void droppingTheLatestCheckpointsIsUncheckpointedOnceTheirEventsAreOlderThanTheSealersCadence() throws Exception {
        sealTen(); // events stored at 10:00:00, checkpoints 1-4, 5-8, 9-10
        List<Path> files = checkpointFiles(ACME);
        Files.delete(files.get(2));
        Files.delete(files.get(1));

        // Without a cadence the tail is only "not yet judged"; with one, events of 10:00 are overdue at 10:15.
        assertThat(verify(ACME)).isEmpty();
        assertThat(verify(ACME, Instant.parse("2026-11-23T10:15:00Z")))
                .hasValueSatisfying(f -> assertKind(f, Finding.Kind.UNCHECKPOINTED, 5));
        assertThat(verify(ACME, Instant.parse("2026-11-23T09:59:00Z"))).isEmpty();
    }

    @Test
    void eventsNeverSealedAreUncheckpointedWhenOverdueToo() throws Exception {
        sealTen();
        append(110, "acme", 11); // stored at 10:00, never sealed (the sealer stopped)
        assertThat(verify(ACME, Instant.parse("2026-11-23T10:15:00Z")))
                .hasValueSatisfying(f -> assertKind(f, Finding.Kind.UNCHECKPOINTED, 11));
    }

    @Test
    void publishedCheckpointsAreNeverOverwritten() throws Exception {
        sealTen();
        Checkpoint first = directory.read(ACME).get(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> directory.publish(first))
                .isInstanceOf(IllegalStateException.class);
        // (canWrite() is true for root whatever the mode; the mode bits are what a WORM-less mount offers.)
        assertThat(Files.getPosixFilePermissions(checkpointFiles(ACME).get(0)))
                .doesNotContain(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                        java.nio.file.attribute.PosixFilePermission.GROUP_WRITE,
                        java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
    }

    // ---- helpers

    /** Ten acme events at global indexes 10..100, sealed in checkpoints of 4. */
    private void sealTen() throws Exception {
        for (int i = 1; i <= 10; i++) {
            append(i * 10L, "acme", i);
        }
        LedgerSealer sealer = sealer(100);
        sealer.sealAvailable();
        sealer.checkpointDue(true);
        assertThat(directory.read(ACME)).extracting(Checkpoint::last).containsExactly(4L, 8L, 10L);
        assertThat(verify(ACME)).isEmpty();
    }

    private LedgerSealer sealer(int batch) {
        return new LedgerSealer(ledger, ASSIGNER, directory, new CheckpointSealer("ledger-test", KEY), clock, batch,
                4, Duration.ofHours(1), Duration.ofMinutes(1));
    }

    private LedgerVerification verification() {
        return new LedgerVerification(ledger, directory, ASSIGNER, KEY.generatePublicKey());
    }

    private Optional<Finding> verify(ChainId chain) {
        return verify(chain, null);
    }

    private Optional<Finding> verify(ChainId chain, Instant coveredBefore) {
        return verification().verifyAll(Set.of(chain), coveredBefore).stream().filter(r -> r.chain().equals(chain))
                .findFirst().orElseThrow().finding();
    }

    private static void assertKind(Finding f, Finding.Kind kind, long position) {
        assertThat(f.kind()).isEqualTo(kind);
        assertThat(f.position()).isEqualTo(position);
    }

    private List<Path> checkpointFiles(ChainId chain) throws Exception {
        try (Stream<Path> files = Files.list(checkpointRoot.resolve(chain.tenant()).resolve(chain.region()))) {
            return files.sorted().toList();
        }
    }

    private static void append(long globalIndex, String tenant, int n) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO domainevententry (globalindex, eventidentifier, aggregateidentifier, sequencenumber,"
                        + " type, timestamp, payloadtype, payloadrevision, payload, metadata)"
                        + " VALUES (?, ?, ?, ?, 'Study', ?, 'io.custos.Example', NULL, ?, ?)")) {
            String id = UUID.randomUUID().toString();
            insert.setLong(1, globalIndex);
            insert.setString(2, id);
            insert.setString(3, tenant + "/1.2." + n);
            insert.setLong(4, 0);
            insert.setString(5, "2026-11-23T10:00:00Z");
            insert.setBytes(6, (tenant + "|" + n).getBytes(StandardCharsets.UTF_8));
            insert.setBytes(7, "{}".getBytes(StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
