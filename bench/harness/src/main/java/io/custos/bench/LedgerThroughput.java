package io.custos.bench;

import io.custos.archive.ledger.ChainAssigner;
import io.custos.archive.ledger.ChainId;
import io.custos.archive.ledger.CheckpointDirectory;
import io.custos.archive.ledger.CheckpointSealer;
import io.custos.archive.ledger.LedgerSealer;
import io.custos.archive.ledger.LedgerVerification;
import io.custos.archive.ledger.jdbc.JdbcLedger;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Sealing and verification throughput of the ledger (issue 5) on a real embedded PostgreSQL holding Axon's
 * event table: N events of ~700 bytes over 4 tenants; each round empties the ledger tables and checkpoint
 * directory, seals everything (batches of 1,000, a checkpoint every 1,000 links) and verifies every chain. One
 * warm-up round, then medians.
 */
public final class LedgerThroughput {

    private static final int EVENTS = Integer.getInteger("events", 50_000);
    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final ChainAssigner ASSIGNER = e -> new ChainId(
            new String(e.payload(), 0, 8, StandardCharsets.UTF_8).strip(), "local");

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "bench/work/ledger");
        Files.createDirectories(work);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource ds = postgres.getPostgresDatabase();
            fill(ds);
            JdbcLedger ledger = new JdbcLedger(ds);
            ledger.createSchemaIfAbsent();
            Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
            Samples seal = new Samples(ROUNDS);
            Samples verify = new Samples(ROUNDS);
            System.out.printf("events=%d rounds=%d (+1 warm-up) load before: %s%n", EVENTS, ROUNDS,
                    Samples.loadAverage());
            for (int round = 0; round <= ROUNDS; round++) {
                reset(ds, work);
                CheckpointDirectory checkpoints = new CheckpointDirectory(work.resolve("checkpoints"));
                LedgerSealer sealer = new LedgerSealer(ledger, ASSIGNER, checkpoints,
                        new CheckpointSealer("bench", key), Clock.systemUTC(), 1000, 1000, Duration.ofHours(1),
                        Duration.ofMinutes(5));
                long t0 = System.nanoTime();
                while (sealer.sealAvailable() > 0) {
                    sealer.checkpointDue(false);
                }
                sealer.checkpointDue(true);
                long t1 = System.nanoTime();
                var results = new LedgerVerification(ledger, checkpoints, ASSIGNER, key.generatePublicKey())
                        .verifyAll(Set.of());
                long t2 = System.nanoTime();
                if (results.stream().anyMatch(r -> r.finding().isPresent())
                        || results.stream().mapToLong(LedgerVerification.ChainResult::checkpointedPosition).sum()
                        != EVENTS) {
                    throw new IllegalStateException("verification did not cover every event: " + results);
                }
                if (round > 0) {
                    seal.add(t1 - t0);
                    verify.add(t2 - t1);
                }
                System.out.printf("round %d%s: seal %.0f ms, verify %.0f ms%n", round, round == 0 ? " (warm-up)" : "",
                        (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            }
            System.out.printf("%n| | median | min – max | events/s (median) |%n|---|---:|---:|---:|%n");
            row("seal + checkpoint " + EVENTS + " events", seal);
            row("verify " + EVENTS + " events", verify);
            System.out.printf("%nload after: %s%n", Samples.loadAverage());
            reset(ds, work);
        }
    }

    private static void row(String name, Samples s) {
        System.out.printf("| %s | %.0f ms | %.0f – %.0f ms | %.0f |%n", name, s.medianMillis(), s.minMillis(),
                s.maxMillis(), EVENTS / (s.medianMillis() / 1000));
    }

    private static void fill(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection()) {
            PostgresEventTableFactory.INSTANCE.createDomainEventTable(c, EventSchema.builder().build()).execute();
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO domainevententry (eventidentifier,"
                    + " aggregateidentifier, sequencenumber, type, timestamp, payloadtype, payloadrevision, payload,"
                    + " metadata) VALUES (?, ?, ?, 'Study', ?, 'io.custos.archive.study.api.InstanceStoredEvent',"
                    + " NULL, ?, ?)")) {
                byte[] body = "x".repeat(680).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < EVENTS; i++) {
                    String tenant = String.format("%-8s", "tenant" + (i % 4));
                    byte[] payload = new byte[8 + body.length];
                    System.arraycopy(tenant.getBytes(StandardCharsets.UTF_8), 0, payload, 0, 8);
                    System.arraycopy(body, 0, payload, 8, body.length);
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, tenant.strip() + "/1.2." + (i / 10));
                    insert.setLong(3, i % 10);
                    insert.setString(4, "2026-11-23T10:00:00Z");
                    insert.setBytes(5, payload);
                    insert.setBytes(6, "{\"traceId\":\"t\"}".getBytes(StandardCharsets.UTF_8));
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
        }
    }

    private static void reset(DataSource ds, Path work) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE custos_ledger_links, custos_ledger_cursor, custos_ledger_gaps");
        } catch (java.sql.SQLException absentOnFirstCall) {
            // tables not created yet
        }
        Path dir = work.resolve("checkpoints");
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
