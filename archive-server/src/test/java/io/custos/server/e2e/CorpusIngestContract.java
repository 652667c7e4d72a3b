package io.custos.server.e2e;

import io.custos.server.security.Role;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.RunningArchive;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What sending the whole corpus must leave behind, whatever the channel: every stored file is found by QIDO-RS
 * with dcmdump's values, refusals leave no blob, no stored event and no index row but one
 * InstanceIngestRejectedEvent each, and every stored blob decrypts to the digest its event recorded. A channel's
 * test class starts one fresh archive, sends the whole corpus once, and adds what only it can check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CorpusIngestContract {

    private RunningArchive archive;
    private List<Expected> plan;

    /** The tenant the channel stores into. */
    abstract String tenant();

    /** The per-file expectations of this channel, derived before anything is sent. */
    abstract List<Expected> expectations();

    /** Sends every file of the plan, in order, and keeps what the sender was told. */
    abstract void send(RunningArchive archive, List<Expected> plan) throws IOException;

    @BeforeAll
    final void sendTheCorpus() throws IOException {
        archive = RunningArchive.start(getClass());
        plan = expectations();
        send(archive, plan);
    }

    @AfterAll
    final void stopTheArchive() {
        if (archive != null) {
            archive.close();
        }
    }

    RunningArchive archive() {
        return archive;
    }

    List<Expected> plan() {
        return plan;
    }

    CorpusChecks checks() {
        return new CorpusChecks(archive.context(), tenant(), plan);
    }

    @Test
    void refusalsLeaveNothingButTheirRejectionEvents() {
        checks().assertEventsAndBlobsMatchThePlan();
        checks().assertIndexHoldsExactlyTheStoredFiles();
    }

    @Test
    void qidoFindsEveryStoredFileWithDcmdumpsValues() {
        checks().assertIndexHoldsExactlyTheStoredFiles();
        DicomWebClient web = new DicomWebClient(archive().context());
        checks().assertQidoShowsTheStoredFiles(web, web.token(tenant(), Role.CLINICIAN));
    }

    @Test
    void storedBlobsDecryptToTheirRecordedDigests() throws IOException {
        storedBytesAreWhatWasSent(checks().assertBlobsDecryptToRecordedDigests());
    }

    /** @param digestBySop SHA-256 of each stored instance's decrypted bytes, by SOP Instance UID */
    void storedBytesAreWhatWasSent(Map<String, String> digestBySop) {
    }
}
