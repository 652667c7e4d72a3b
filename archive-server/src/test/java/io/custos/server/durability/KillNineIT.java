package io.custos.server.durability;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.ingest.application.OrphanBlobSweeper;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.server.durability.DurabilitySupport.Result;
import io.custos.server.testsupport.ArchiveTestApp;
import io.custos.server.testsupport.SharedCassandra;
import io.custos.server.testsupport.TestDirs;
import io.custos.server.testsupport.TestKeyspace;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The archive process is killed with SIGKILL in the middle of a stream of C-STOREs. Afterwards every
 * instance the peer was told was stored must be in the event store with a blob that decrypts to the recorded
 * digest and be found by QIDO-RS; an instance without a success response is either wholly absent or wholly
 * present; and once the orphan sweeper has run no blob exists without an event naming it.
 *
 * <p>Only the archive dies: PostgreSQL is owned by this test JVM and Cassandra is the shared node, both passed to
 * the archive as external services.
 */
class KillNineIT {

    private static final int INSTANCES = 500;
    private static final int PER_STUDY = 25;
    private static final int KILL_AFTER_SUCCESSES = 150;
    private static final int SENDS_AFTER_KILL = 5;
    private static final Path SOURCE = DurabilitySupport.CORPUS.resolve("MR_small.dcm");

    record Instance(Path file, String study, String series, String sop) {
    }

    enum Outcome { SUCCESS, FAILED }

    private static TestKeyspace keyspace;
    private static EmbeddedPostgres postgres;
    private static Path workDir;
    private static List<Instance> instances;
    private static Process archive;

    @BeforeAll
    static void setUp() throws Exception {
        workDir = TestDirs.newDataDir(KillNineIT.class);
        instances = generate(workDir.resolve("instances"));
        keyspace = TestKeyspace.create(KillNineIT.class);
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(workDir.resolve("postgres"))
                .setCleanDataDirectory(true)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                // zonky defaults to fsync off and asynchronous commit; the archive's durability claims assume on.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            if (archive != null && archive.isAlive()) {
                archive.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
            }
        } finally {
            try {
                if (postgres != null) {
                    postgres.close();
                }
            } finally {
                if (keyspace != null) {
                    keyspace.close();
                }
            }
        }
    }

    /** 500 distinct small MR instances: fresh Study/Series/SOP Instance UIDs, 25 per study, via pydicom. */
    private static List<Instance> generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        String script = String.join("\n",
                "import sys, pydicom",
                "from pydicom.uid import generate_uid",
                "src, out, n, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])",
                "ds = pydicom.dcmread(src)",
                "for i in range(n):",
                "    if i % per == 0:",
                "        study, series = generate_uid(), generate_uid()",
                "    sop = generate_uid()",
                "    ds.StudyInstanceUID = study",
                "    ds.SeriesInstanceUID = series",
                "    ds.SOPInstanceUID = sop",
                "    ds.file_meta.MediaStorageSOPInstanceUID = sop",
                "    ds.InstanceNumber = i + 1",
                "    name = '%04d.dcm' % i",
                "    ds.save_as(out + '/' + name, write_like_original=True)",
                "    print(name, study, series, sop)",
                "");
        Path py = dir.resolve("generate.py");
        Files.writeString(py, script);
        Result r = DurabilitySupport.run(List.of("/usr/bin/python3", py.toString(), SOURCE.toString(),
                dir.toString(), String.valueOf(INSTANCES), String.valueOf(PER_STUDY)));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("instance generation failed: " + r.output());
        }
        List<Instance> generated = r.output().lines().filter(l -> l.endsWith("") && l.contains(".dcm "))
                .map(l -> l.trim().split(" "))
                .map(f -> new Instance(dir.resolve(f[0]), f[1], f[2], f[3]))
                .toList();
        if (generated.size() != INSTANCES || generated.stream().map(Instance::sop).distinct().count() != INSTANCES) {
            throw new IllegalStateException("expected " + INSTANCES + " distinct instances, got " + generated.size());
        }
        return generated;
    }

    @Test
    void sigkillMidStreamLosesNothingAcknowledgedAndLeavesNothingHalfStored() throws Exception {
        Path dataDir = workDir.resolve("data");
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        int dimsePort = freePort();
        Path log = workDir.resolve("archive-process.log");
        archive = launchArchive(dataDir, jdbcUrl, dimsePort, log);
        awaitEcho(dimsePort, log);
        // The DIMSE listener answers before Axon's command handlers are subscribed (stores fail with
        // NoHandlerForCommandException until then): wait for the startup report of the ready application.
        awaitLogLine(log, "Custos archive is running");

        Map<Instance, Outcome> outcomes = new ConcurrentHashMap<>();
        AtomicInteger successes = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch enoughStored = new CountDownLatch(1);
        Thread sender = new Thread(() -> {
            int afterKill = 0;
            for (Instance instance : instances) {
                if (killed.get() && afterKill++ >= SENDS_AFTER_KILL) {
                    break;
                }
                Result r = DurabilitySupport.run(List.of("storescu", "-v", "-aet", "STORESCU",
                        "-aec", DurabilitySupport.CALLED_AE, "127.0.0.1", String.valueOf(dimsePort),
                        instance.file().toString()));
                // storescu can exit 0 after a failure status: success needs both the exit code and the response.
                boolean ok = r.exitCode() == 0 && r.output().contains("Received Store Response (Success)");
                outcomes.put(instance, ok ? Outcome.SUCCESS : Outcome.FAILED);
                if (ok && successes.incrementAndGet() == KILL_AFTER_SUCCESSES) {
                    enoughStored.countDown();
                }
            }
            enoughStored.countDown();
        }, "killnine-sender");
        sender.start();

        // Generous deadline: only a guard against a hung run, not a performance expectation.
        assertThat(enoughStored.await(15, TimeUnit.MINUTES)).as("senders reached the kill point").isTrue();
        assertThat(successes.get()).as("successes before the kill (see %s)", log)
                .isGreaterThanOrEqualTo(KILL_AFTER_SUCCESSES);
        assertThat(archive.isAlive()).isTrue();
        long pid = archive.pid();
        archive.destroyForcibly(); // SIGKILL on Linux
        killed.set(true);
        assertThat(archive.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(archive.exitValue()).as("exit status of a SIGKILLed JVM").isEqualTo(128 + 9);
        int successesAtKill = successes.get();
        sender.join(TimeUnit.MINUTES.toMillis(10));
        assertThat(sender.isAlive()).isFalse();

        Set<Instance> acknowledged = instances.stream().filter(i -> outcomes.get(i) == Outcome.SUCCESS)
                .collect(Collectors.toSet());
        Set<Instance> notAcknowledged = instances.stream().filter(i -> !acknowledged.contains(i))
                .collect(Collectors.toSet());
        long failedAttempts = outcomes.values().stream().filter(o -> o == Outcome.FAILED).count();
        assertThat(acknowledged.size()).as("no success can come after the kill").isEqualTo(successesAtKill);
        assertThat(failedAttempts).as("stores attempted against the dead archive fail").isGreaterThanOrEqualTo(1);

        try (ConfigurableApplicationContext ctx = ArchiveTestApp.start(dataDir, keyspace,
                "--custos.postgres.url=" + jdbcUrl,
                "--custos.postgres.username=postgres",
                "--custos.dimse.port=0",
                "--custos.ingest.orphan-grace=0s")) {
            StoredInstances stored = ctx.getBean(StoredInstances.class);

            List<InstanceStoredEvent> events = DurabilitySupport.allStoredEvents(ctx);
            Map<String, InstanceStoredEvent> bySop = new HashMap<>();
            for (InstanceStoredEvent e : events) {
                assertThat(bySop.put(e.sop().value(), e)).as("one InstanceStoredEvent per SOP instance").isNull();
            }
            Set<String> generatedSops = instances.stream().map(Instance::sop).collect(Collectors.toSet());
            assertThat(generatedSops).as("the event store holds only instances this test sent")
                    .containsAll(bySop.keySet());

            // Acknowledged: present, complete, intact.
            for (Instance i : acknowledged) {
                InstanceStoredEvent e = bySop.get(i.sop());
                assertThat(e).as("event for acknowledged instance %s", i.file().getFileName()).isNotNull();
                assertComplete(stored, e, i);
            }
            // Not acknowledged: all or nothing.
            int committedInFlight = 0;
            for (Instance i : notAcknowledged) {
                InstanceStoredEvent e = bySop.get(i.sop());
                if (e != null) {
                    assertComplete(stored, e, i);
                    committedInFlight++;
                }
            }

            // No blob without an event once the sweeper has run (grace 0s).
            Set<String> referenced = events.stream().map(InstanceStoredEvent::blobRef).collect(Collectors.toSet());
            int swept = ctx.getBean(OrphanBlobSweeper.class).sweep();
            Set<String> onDisk = DurabilitySupport.blobRefsOnDisk(ctx);
            assertThat(onDisk).as("blobs on disk after the sweep are exactly those events name")
                    .containsExactlyInAnyOrderElementsOf(referenced);
            long blobFiles = countBlobFiles(dataDir.resolve("blobs"));
            assertThat(blobFiles).as("blob files under <data-dir>/blobs vs InstanceStoredEvents")
                    .isEqualTo(events.size());

            System.out.printf("[KillNineIT] archive PID %d killed after %d acknowledged stores; %d send attempts "
                            + "failed; %d unacknowledged store(s) committed in flight; %d events, %d blob files, "
                            + "%d orphan blob(s) swept%n",
                    pid, successesAtKill, failedAttempts, committedInFlight, events.size(), blobFiles, swept);

            // QIDO-RS: the projection catches up with exactly the stored instances (wait with a deadline).
            Map<String, Set<String>> expectedByStudy = new LinkedHashMap<>();
            for (Instance i : instances) {
                expectedByStudy.computeIfAbsent(i.study(), s -> new HashSet<>());
                if (bySop.containsKey(i.sop())) {
                    expectedByStudy.get(i.study()).add(i.sop());
                }
            }
            String token = DurabilitySupport.token(ctx);
            int http = DurabilitySupport.httpPort(ctx);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            Map<String, Set<String>> actualByStudy = new LinkedHashMap<>();
            while (true) {
                actualByStudy.clear();
                for (String study : expectedByStudy.keySet()) {
                    actualByStudy.put(study, DurabilitySupport.qidoSops(http, token, study));
                }
                if (actualByStudy.equals(expectedByStudy) || Instant.now().isAfter(deadline)) {
                    break;
                }
                Thread.sleep(1000);
            }
            for (Instance i : acknowledged) {
                assertThat(actualByStudy.get(i.study())).as("QIDO-RS finds acknowledged %s", i.file().getFileName())
                        .contains(i.sop());
            }
            assertThat(actualByStudy).as("QIDO-RS lists exactly the stored instances")
                    .isEqualTo(expectedByStudy);

        }
    }

    private static void assertComplete(StoredInstances stored, InstanceStoredEvent e, Instance i) throws IOException {
        String name = i.file().getFileName().toString();
        assertThat(e.study().value()).as("study of %s", name).isEqualTo(i.study());
        assertThat(e.series().value()).as("series of %s", name).isEqualTo(i.series());
        byte[] blob = stored.originalBytes(e);
        assertThat(DurabilitySupport.sha256(blob)).as("blob digest of %s", name).isEqualTo(e.sha256());
        assertThat((long) blob.length).as("blob size of %s", name).isEqualTo(e.sizeBytes());
        assertThat(DurabilitySupport.uids(writeTemp(blob)).sop()).as("SOP in blob of %s", name).isEqualTo(i.sop());
    }

    private static Path writeTemp(byte[] blob) throws IOException {
        Path tmp = Files.createTempFile(workDir, "blob-", ".dcm");
        Files.write(tmp, blob);
        tmp.toFile().deleteOnExit();
        return tmp;
    }

    private static long countBlobFiles(Path blobsRoot) throws IOException {
        Path incoming = blobsRoot.resolve(".incoming");
        try (Stream<Path> all = Files.walk(blobsRoot)) {
            return all.filter(Files::isRegularFile).filter(p -> !p.startsWith(incoming)).count();
        }
    }

    private static Process launchArchive(Path dataDir, String jdbcUrl, int dimsePort, Path log) throws IOException {
        Path jar = TestDirs.workDir().getParent().resolve("custos.jar");
        assertThat(jar).as("archive jar built by package").isRegularFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "-Xmx512m",
                "-Daxoniq.update-checker.disabled=true",
                "-jar", jar.toString(), "run",
                "--custos.data-dir=" + dataDir,
                "--custos.postgres.url=" + jdbcUrl,
                "--custos.postgres.username=postgres",
                "--custos.cassandra.contact-points=" + SharedCassandra.contactPoint(),
                "--custos.cassandra.local-datacenter=" + SharedCassandra.node().localDatacenter(),
                "--custos.cassandra.keyspace=" + keyspace.name(),
                "--custos.dimse.port=" + dimsePort,
                "--server.port=0"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits (generous deadline) until the archive answers C-ECHO; fails early if its process died. */
    private static void awaitEcho(int port, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (true) {
            if (!archive.isAlive()) {
                throw new AssertionError("archive process exited (" + archive.exitValue() + ") during start: "
                        + tail(log));
            }
            Result r = DurabilitySupport.run(List.of("echoscu", "-aet", "ECHOSCU",
                    "-aec", DurabilitySupport.CALLED_AE, "127.0.0.1", String.valueOf(port)));
            if (r.exitCode() == 0) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("archive did not answer C-ECHO: " + tail(log));
            }
            Thread.sleep(1000);
        }
    }

    private static void awaitLogLine(Path log, String line) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
            if (!archive.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("archive did not report readiness: " + tail(log));
            }
            Thread.sleep(500);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
