package io.custos.server.durability;

import static io.custos.server.durability.DurabilitySupport.CORPUS;
import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.ingest.dimse.DicomServer;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.server.durability.DurabilitySupport.Result;
import io.custos.server.durability.DurabilitySupport.Uids;
import io.custos.server.testsupport.ArchiveTestApp;
import io.custos.server.testsupport.TestDirs;
import io.custos.server.testsupport.TestKeyspace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Instances stored over DIMSE by a real dcmtk peer survive an orderly restart of the archive: the event store
 * still names them, their blobs decrypt to bytes whose SHA-256 is the one recorded, the data set is the one the
 * file carried, and QIDO-RS still finds them.
 */
class RestartIT {

    /** Different SOP classes and transfer syntaxes, one instance each (distinct SOP Instance UIDs). */
    static final List<String> FILES = List.of(
            "CT_small.dcm",            // CT, explicit VR LE
            "MR_small_RLE.dcm",        // MR, RLE lossless
            "JPEG2000.dcm",            // SC, JPEG 2000
            "JPGExtended.dcm",         // SC, JPEG extended
            "rtplan.dcm",              // RT Plan, implicit VR LE
            "rtdose.dcm",              // RT Dose, implicit VR LE
            "waveform_ecg.dcm",        // 12-lead ECG
            "test-SR.dcm",             // Comprehensive SR
            "reportsi.dcm",            // Basic Text SR
            "SC_rgb_small_odd.dcm",    // SC, explicit VR LE, odd dimensions
            "liver_1frame.dcm",        // Segmentation
            "SC_rgb_jpeg_dcmtk.dcm");  // SC, JPEG baseline

    /**
     * Files dcmsend puts on the wire exactly as stored (no transcoding, no re-encoding by dcmtk), so the archive
     * must keep exactly the file's data set. Determined against dcmtk 3.6.7; the others are re-encoded by dcmtk
     * itself (e.g. trailing padding dropped), which is no fault of the archive.
     */
    static final Set<String> SENT_BYTE_FAITHFULLY =
            Set.of("test-SR.dcm", "SC_rgb_small_odd.dcm", "SC_rgb_jpeg_dcmtk.dcm");

    /** Stored once the archive has restarted: proves the projection resumed rather than merely persisted. */
    static final String STORED_AFTER_RESTART = "SC_rgb_rle.dcm";

    private static TestKeyspace keyspace;

    @BeforeAll
    static void keyspace() {
        keyspace = TestKeyspace.create(RestartIT.class);
    }

    @AfterAll
    static void drop() {
        if (keyspace != null) {
            keyspace.close();
        }
    }

    @Test
    void dimseStoredInstancesSurviveARestart() throws Exception {
        Path dataDir = TestDirs.newDataDir(RestartIT.class);
        Map<String, Uids> sent = new LinkedHashMap<>();
        try (ConfigurableApplicationContext first = ArchiveTestApp.start(dataDir, keyspace, "--custos.dimse.port=0")) {
            int port = first.getBean(DicomServer.class).port();
            for (String name : FILES) {
                Path file = CORPUS.resolve(name);
                Result r = DurabilitySupport.run(List.of("dcmsend", "-v", "--decompress-never",
                        "-aet", "DCMSEND", "-aec", DurabilitySupport.CALLED_AE, "127.0.0.1", String.valueOf(port),
                        file.toString()));
                // dcmsend exits 0 even when the peer refused the presentation context: read its summary.
                assertThat(r.exitCode()).as("dcmsend exit code for %s", name).isZero();
                assertThat(r.output()).as("dcmsend summary for %s", name).containsPattern("with status SUCCESS\\s*: 1");
                sent.put(name, DurabilitySupport.uids(file));
            }
            assertThat(sent.values().stream().map(Uids::sop).distinct()).hasSize(FILES.size());
        }

        try (ConfigurableApplicationContext second = ArchiveTestApp.start(dataDir, keyspace, "--custos.dimse.port=0")) {
            StoredInstances stored = second.getBean(StoredInstances.class);
            StringBuilder faithfulness = new StringBuilder();
            for (Map.Entry<String, Uids> e : sent.entrySet()) {
                String name = e.getKey();
                Uids uids = e.getValue();
                InstanceStoredEvent event = DurabilitySupport.find(stored, uids)
                        .orElseThrow(() -> new AssertionError("no InstanceStoredEvent after restart for " + name));
                assertThat(event.sopClass().value()).as("SOP class of %s", name).isEqualTo(uids.sopClass());
                byte[] blob = stored.originalBytes(event);
                assertThat(DurabilitySupport.sha256(blob)).as("digest of %s", name).isEqualTo(event.sha256());
                assertThat((long) blob.length).as("size of %s", name).isEqualTo(event.sizeBytes());
                boolean same = java.util.Arrays.equals(DurabilitySupport.dataSet(blob),
                        DurabilitySupport.dataSet(DurabilitySupport.read(CORPUS.resolve(name))));
                faithfulness.append(name).append('=').append(same).append(' ');
                if (SENT_BYTE_FAITHFULLY.contains(name)) {
                    assertThat(same).as("data set of %s kept byte for byte", name).isTrue();
                }
            }
            System.out.println("[RestartIT] data set identical to file: " + faithfulness);

            // The projection is rebuilt or resumed asynchronously; wait with a generous deadline.
            String token = DurabilitySupport.token(second);
            int http = DurabilitySupport.httpPort(second);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            Map<String, Boolean> found = new LinkedHashMap<>();
            while (true) {
                found.clear();
                for (Map.Entry<String, Uids> e : sent.entrySet()) {
                    found.put(e.getKey(), DurabilitySupport.qidoSops(http, token, e.getValue().study())
                            .contains(e.getValue().sop()));
                }
                if (!found.containsValue(false) || Instant.now().isAfter(deadline)) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(found).as("QIDO-RS finds every instance after the restart").doesNotContainValue(false);

            // The projection must not merely have survived in Cassandra: it must keep running after the restart.
            Path late = CORPUS.resolve(STORED_AFTER_RESTART);
            Result r = DurabilitySupport.run(List.of("dcmsend", "-v", "-aet", "DCMSEND",
                    "-aec", DurabilitySupport.CALLED_AE, "127.0.0.1",
                    String.valueOf(second.getBean(DicomServer.class).port()), late.toString()));
            assertThat(r.output()).as("dcmsend summary for %s", STORED_AFTER_RESTART)
                    .containsPattern("with status SUCCESS\\s*: 1");
            Uids lateUids = DurabilitySupport.uids(late);
            assertThat(DurabilitySupport.find(stored, lateUids)).isPresent();
            Instant lateDeadline = Instant.now().plus(Duration.ofMinutes(3));
            boolean lateFound;
            while (!(lateFound = DurabilitySupport.qidoSops(http, token, lateUids.study()).contains(lateUids.sop()))
                    && Instant.now().isBefore(lateDeadline)) {
                Thread.sleep(500);
            }
            assertThat(lateFound).as("QIDO-RS finds an instance stored after the restart").isTrue();
        }
    }
}
