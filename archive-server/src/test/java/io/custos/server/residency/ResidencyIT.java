package io.custos.server.residency;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.ingest.dimse.DicomServer;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.archive.ingest.testing.Dcmtk;
import io.custos.server.security.Role;
import io.custos.server.security.TokenMinter;
import io.custos.server.security.TokenRequest;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.RunningArchive;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node of region {@code eu-west} serving two tenants: {@code t-eu} allows eu-west, {@code t-home} allows only
 * {@code local}. Whatever reaches this node for t-home, through its AE title or over HTTP with a token that
 * names eu-west, is refused (C-STORE 0124H, HTTP 403) and audited, and nothing of it is stored; t-eu's objects
 * are stored under the region's own blob directory and KEK scope.
 */
class ResidencyIT {

    private static final String REGION = "eu-west";
    private static final String FILE = "test_files/CT_small.dcm";

    private static RunningArchive archive;
    private static DicomWebClient web;
    private static ArchiveRecords records;
    private static int port;

    @BeforeAll
    static void start() {
        archive = RunningArchive.start(ResidencyIT.class,
                "--custos.region=" + REGION,
                "--custos.tenants.t-eu.regions=" + REGION,
                "--custos.tenants.t-home.regions=local",
                "--custos.dimse.called-aes[0].ae-title=EU_EU", "--custos.dimse.called-aes[0].tenant=t-eu",
                "--custos.dimse.called-aes[0].region=" + REGION,
                "--custos.dimse.called-aes[0].allowed-calling-aes=STORESCU",
                "--custos.dimse.called-aes[1].ae-title=EU_HOME", "--custos.dimse.called-aes[1].tenant=t-home",
                "--custos.dimse.called-aes[1].region=" + REGION,
                "--custos.dimse.called-aes[1].allowed-calling-aes=STORESCU");
        web = new DicomWebClient(archive.context());
        records = new ArchiveRecords(archive.context());
        port = archive.context().getBean(DicomServer.class).port();
    }

    @AfterAll
    static void stop() {
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void cStoreForATenantThatDoesNotAllowTheRegionIsRefusedAuditedAndStoresNothing() {
        Set<String> blobsBefore = records.blobFiles();
        Dcmtk.Result refused = storescu("EU_HOME");
        assertThat(refused.output()).contains("Received Store Response").contains("Status: 0x124)");
        assertThat(records.rejected()).anySatisfy(r -> {
            assertThat(r.tenant()).isEqualTo("t-home");
            assertThat(r.reason()).isEqualTo("REGION_NOT_ALLOWED");
            assertThat(r.channel()).isEqualTo("DIMSE");
        });
        assertThat(records.stored()).noneMatch(s -> s.tenant().equals("t-home"));
        assertThat(records.blobFiles()).isEqualTo(blobsBefore);
    }

    @Test
    void anAllowedTenantsObjectsLiveUnderTheRegionsBlobDirectoryAndKeyScope() throws Exception {
        Dcmtk.Result stored = storescu("EU_EU");
        assertThat(stored.exitCode()).as(stored.output()).isZero();
        ArchiveRecords.Stored s = records.stored().stream().filter(x -> x.tenant().equals("t-eu")).findFirst()
                .orElseThrow();
        assertThat(s.blobRef()).startsWith(REGION + "/t-eu/");
        assertThat(records.blobFiles()).contains(s.blobRef());
        assertThat(new org.springframework.jdbc.core.JdbcTemplate(archive.context().getBean(javax.sql.DataSource.class))
                .queryForList("SELECT region FROM custos_data_keys WHERE tenant = 't-eu'", String.class))
                .containsOnly(REGION);
        String euToken = token("t-eu", Set.of(REGION));
        ArchiveRecords.awaitCondition(() -> !web.qido(euToken, "/studies?StudyInstanceUID=" + s.study()).isEmpty(),
                Duration.ofMinutes(2));
        assertThat(web.qido(euToken, "/studies?StudyInstanceUID=" + s.study())).hasSize(1);
    }

    @Test
    void httpForATenantThatDoesNotAllowTheRegionIsRefusedEvenWithATokenNamingItAndAudited() throws Exception {
        String homeToken = token("t-home", Set.of(REGION));
        long eventsBefore = records.eventCount();
        assertThat(web.get(homeToken, "/studies").statusCode()).isEqualTo(403);
        assertThat(web.stow(homeToken, "/studies", Files.readAllBytes(Corpus.file(FILE))).statusCode())
                .isEqualTo(403);
        // A token that does not name this region is refused too, whatever the tenant allows.
        assertThat(web.get(token("t-eu", Set.of("local")), "/studies").statusCode()).isEqualTo(403);
        assertThat(records.denied()).filteredOn(d -> "t-home".equals(d.tenant()))
                .extracting(ArchiveRecords.Denied::reason).contains("WRONG_REGION");
        assertThat(records.denied()).filteredOn(d -> "t-home".equals(d.tenant()))
                .extracting(ArchiveRecords.Denied::method).contains("GET", "POST");
        assertThat(records.stored()).noneMatch(x -> x.tenant().equals("t-home"));
        assertThat(records.eventCount()).isEqualTo(eventsBefore + 3); // the three denials, nothing else
    }

    private static String token(String tenant, Set<String> regions) {
        return archive.context().getBean(TokenMinter.class).mint(new TokenRequest("rita", Set.of(Role.CLINICIAN),
                tenant, regions, Duration.ofHours(1)));
    }

    private static Dcmtk.Result storescu(String calledAe) {
        return Dcmtk.run("storescu", "-v", "-aet", "STORESCU", "-aec", calledAe, "127.0.0.1", Integer.toString(port),
                Corpus.file(FILE).toString());
    }
}
