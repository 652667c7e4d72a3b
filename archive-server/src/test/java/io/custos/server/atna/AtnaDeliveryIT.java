package io.custos.server.atna;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.ingest.dimse.DicomServer;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.archive.ingest.testing.Dcmtk;
import io.custos.server.security.Role;
import io.custos.server.testsupport.ArchiveTestApp;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.TestDirs;
import io.custos.server.testsupport.TestKeyspace;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The export never holds up the archive and never skips: with the repository down a C-STORE still succeeds;
 * once rsyslogd is up the message follows (the processor retries with back-off); after a restart of the
 * archive sending resumes after the last message sent instead of starting over.
 */
class AtnaDeliveryIT {

    private static final String FILE = "test_files/CT_small.dcm";

    @Test
    void ingestDoesNotWaitForTheRepositoryAndSendingResumesAfterOutageAndRestart() throws Exception {
        AttributeList list = new AttributeList();
        list.read(Corpus.file(FILE).toString(), TagFromName.PixelData);
        String study = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.StudyInstanceUID);
        Predicate<String> storedMessage = m -> m.contains("\"110104\"") && m.contains("EventActionCode=\"C\"")
                && m.contains(study);

        RsyslogReceiver rsyslog = RsyslogReceiver.create(AtnaDeliveryIT.class);
        TestKeyspace keyspace = TestKeyspace.create(AtnaDeliveryIT.class);
        Path dataDir = TestDirs.newDataDir(AtnaDeliveryIT.class);
        String[] args = {"--custos.dimse.port=0", "--custos.atna.enabled=true", "--custos.atna.host=127.0.0.1",
                "--custos.atna.port=" + rsyslog.tlsPort(), "--custos.atna.tls.trust-store=" + rsyslog.trustStore(),
                "--custos.atna.tls.trust-store-password=" + RsyslogReceiver.TRUST_STORE_PASSWORD,
                "--custos.atna.hostname=custos-it"};
        try {
            try (ConfigurableApplicationContext first = ArchiveTestApp.start(dataDir, keyspace, args)) {
                int port = first.getBean(DicomServer.class).port();
                Dcmtk.Result stored = Dcmtk.run("storescu", "-aet", "STORESCU", "-aec", "CUSTOS", "127.0.0.1",
                        Integer.toString(port), Corpus.file(FILE).toString());
                // The repository is down, and the sender is answered all the same.
                assertThat(stored.exitCode()).as(stored.output()).isZero();
                assertThat(rsyslog.messages()).isEmpty();

                rsyslog.start();
                rsyslog.await(storedMessage, "the C-STORE message after the outage");
            }
            try (ConfigurableApplicationContext second = ArchiveTestApp.start(dataDir, keyspace, args)) {
                DicomWebClient web = new DicomWebClient(second);
                String marker = "resume-" + System.nanoTime();
                assertThat(web.get(web.token("default", Role.RESEARCHER), "/studies/" + marker + "/metadata")
                        .statusCode()).isEqualTo(403);
                // Messages go in event order: once the new denial has arrived, a replay would have too.
                rsyslog.await(m -> m.contains(marker), "the denial after the restart");
                assertThat(rsyslog.messages()).filteredOn(storedMessage).hasSize(1);
            }
        } finally {
            try {
                keyspace.close();
            } finally {
                rsyslog.close();
            }
        }
    }
}
