package io.custos.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.archive.ledger.ChainLink;
import io.custos.archive.ledger.jdbc.JdbcLedger;
import io.custos.server.cli.VerifyCommand;
import io.custos.server.config.CustosProperties;
import io.custos.server.security.Role;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.LedgerProgress;
import io.custos.server.testsupport.RunningArchive;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;

/**
 * The ledger in the running archive: every event (ingest, reads, denials) is sealed into its tenant's chain and
 * checkpointed; {@code custos verify} (run as the CLI runs it, against the archive's PostgreSQL, the published
 * checkpoints and the public key file) exits 0, also after a study was crypto-shredded; then a payload byte
 * changed directly in PostgreSQL makes it exit
 * 1 naming MODIFIED and the position.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LedgerIT {

    private static RunningArchive archive;
    private static DicomWebClient web;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() throws Exception {
        archive = RunningArchive.start(LedgerIT.class, "--custos.ledger.checkpoint-every=5",
                "--custos.tenants.ledger-t.retention.minimum=P0D",
                "--custos.ledger.checkpoint-interval=1s", "--custos.ledger.poll=200ms");
        web = new DicomWebClient(archive.context());
        jdbc = new JdbcTemplate(archive.context().getBean(DataSource.class));
        String token = web.token("ledger-t", Role.CLINICIAN);
        assertThat(web.stow(token, "/studies", Files.readAllBytes(Corpus.file("test_files/CT_small.dcm")))
                .statusCode()).isEqualTo(200);
        web.get(token, "/studies");
        web.get(null, "/studies"); // a denial: the unattributed chain
        awaitEverythingCheckpointed();
    }

    @AfterAll
    static void stop() {
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    @Order(1)
    void everyEventIsSealedInItsTenantsChainAndVerifies() {
        JdbcLedger ledger = archive.context().getBean(JdbcLedger.class);
        long events = jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
        long links = jdbc.queryForObject("SELECT count(*) FROM custos_ledger_links", Long.class);
        assertThat(links).isEqualTo(events);
        assertThat(ledger.heads().keySet()).extracting(c -> c.tenant()).contains("ledger-t", "-");
        Result r = verify();
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("ledger-t/local: OK").doesNotContain("FAILED");
    }

    @Test
    @Order(2)
    void theChainStillVerifiesAfterCryptoShreddingAStudy() throws Exception {
        CryptoShredding.shredTheOnlyStudy(web, jdbc, "ledger-t");
        awaitEverythingCheckpointed();
        Result r = verify();
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    @Order(3)
    void aPayloadByteChangedInPostgresqlIsNamedAndTheExitCodeIsOne() {
        ChainLink first = archive.context().getBean(JdbcLedger.class)
                .links(new io.custos.archive.ledger.ChainId("ledger-t", "local"), 1, 1).get(0);
        jdbc.update("UPDATE domainevententry SET payload = overlay(payload placing 'x' from 3 for 1)"
                + " WHERE eventidentifier = ?", first.eventId());
        Result r = verify();
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("ledger-t/local: FAILED at position 1: MODIFIED");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result verify() {
        Path dataDir = archive.context().getBean(CustosProperties.class).dataDir();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        VerifyCommand command = new VerifyCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String url = ((HikariDataSource) archive.context().getBean(DataSource.class)).getJdbcUrl();
        int exit = new CommandLine(command).execute("--jdbc-url", url,
                "--checkpoints", dataDir.resolve("ledger/checkpoints").toString(),
                "--public-key", dataDir.resolve("ledger/ledger-public-key.hex").toString());
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    private static void awaitEverythingCheckpointed() {
        ArchiveRecords.awaitCondition(() -> LedgerProgress.everythingCheckpointed(archive.context()),
                Duration.ofMinutes(2));
    }
}
