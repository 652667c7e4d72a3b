package io.custos.server.audit;

import io.custos.archive.access.api.DisclosedStudy;
import io.custos.query.audit.AuditEntry;
import io.custos.query.audit.AuditPage;
import io.custos.query.audit.AuditProjection;
import io.custos.query.audit.AuditQuestion;
import io.custos.query.audit.AuditSchema;
import io.custos.query.audit.AuditTable;
import io.custos.query.audit.AuditTrailStore;
import io.custos.server.testsupport.TestKeyspace;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (failsafe does not pick up *Bench): loads N access events (default 1,000,000) into the
 * audit projection on the shared Cassandra node, through {@link AuditProjection#recordAccess} (user, study and
 * patient rows, as the event handler writes them), spread over P patients (default 10,000) and 12 months, then
 * times the patient accounting question for a year (first page of 100) through {@link AuditTrailStore}:
 * warm-up, then R runs (default 3) of Q random patients (default 1,000); prints p50/p99 per run and the medians.
 *
 * <pre>
 * flock /work/wt/bench.lock mvn -o -B -q -pl archive-server -am verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dit.test=AuditAccountingBench -Dfailsafe.failIfNoSpecifiedTests=false -Dcustos.bench.events=1000000
 * </pre>
 */
class AuditAccountingBench {

    private static final LocalDate FIRST_DAY = LocalDate.parse("2025-01-01");

    @Test
    void patientAccounting() throws Exception {
        int events = Integer.getInteger("custos.bench.events", 1_000_000);
        int patients = Integer.getInteger("custos.bench.patients", 10_000);
        int queries = Integer.getInteger("custos.bench.queries", 1_000);
        int runs = Integer.getInteger("custos.bench.runs", 3);
        try (TestKeyspace keyspace = TestKeyspace.create(AuditAccountingBench.class)) {
            new AuditSchema(keyspace.session()).create(keyspace.name());
            AuditProjection projection = new AuditProjection(keyspace.session(), keyspace.name());
            AuditTrailStore store = new AuditTrailStore(keyspace.session(), keyspace.name());

            long loadStart = System.nanoTime();
            load(projection, events, patients);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            System.out.printf("[AuditAccountingBench] loaded %d access events (%d patients) in %.1f s (%.0f events/s)%n",
                    events, patients, loadSeconds, events / loadSeconds);

            Random random = new Random(7);
            time(store, patients, Math.max(100, queries / 5), random); // warm-up
            double[] p50 = new double[runs];
            double[] p99 = new double[runs];
            int rows = 0;
            for (int run = 0; run < runs; run++) {
                double[] ms = time(store, patients, queries, random);
                Arrays.sort(ms);
                p50[run] = ms[(int) Math.floor(0.50 * (ms.length - 1))];
                p99[run] = ms[(int) Math.floor(0.99 * (ms.length - 1))];
                System.out.printf("[AuditAccountingBench] run %d: %d queries, p50 %.2f ms, p99 %.2f ms%n",
                        run + 1, queries, p50[run], p99[run]);
            }
            Arrays.sort(p50);
            Arrays.sort(p99);
            System.out.printf("[AuditAccountingBench] median of %d runs: p50 %.2f ms, p99 %.2f ms%n",
                    runs, p50[runs / 2], p99[runs / 2]);
        }
    }

    private static double[] time(AuditTrailStore store, int patients, int queries, Random random) {
        double[] ms = new double[queries];
        for (int i = 0; i < queries; i++) {
            String patient = patientRef(random.nextInt(patients));
            AuditQuestion question = new AuditQuestion(AuditTable.BY_PATIENT, "bench", patient, FIRST_DAY,
                    FIRST_DAY.plusDays(364));
            long start = System.nanoTime();
            AuditPage page = store.page(question, 100, null);
            ms[i] = (System.nanoTime() - start) / 1e6;
            if (page.entries().isEmpty()) {
                throw new AssertionError("a loaded patient has no accesses");
            }
        }
        return ms;
    }

    /** Access i: patient i mod P, one study per patient, spread evenly over 2025. */
    private static void load(AuditProjection projection, int events, int patients) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        Semaphore inFlight = new Semaphore(256);
        Instant start = FIRST_DAY.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        long spacingMillis = Duration.ofDays(364).toMillis() / events;
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            int n = i;
            inFlight.acquire();
            pool.execute(() -> {
                try {
                    Instant at = start.plusMillis(n * spacingMillis);
                    int patient = n % patients;
                    String study = "1.2.826.0.1.3680043.10.999." + patient;
                    AuditEntry entry = new AuditEntry(at, "bench-" + n, "WADO_METADATA", "user" + (n % 500),
                            "clinician", "10.0.0." + (n % 250), "TREAT", "STUDY", study, null, null, 0, 0, 1000,
                            "SUCCESS", patientRef(patient), null);
                    projection.recordAccess("bench", entry, List.of(new DisclosedStudy(study, patientRef(patient))), at);
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(2, TimeUnit.HOURS) || !failures.isEmpty()) {
            throw new AssertionError("loading failed: " + failures.size() + " failures", failures.isEmpty() ? null
                    : failures.get(0));
        }
    }

    /** Stands in for the keyed hash: same shape (64 hex), no real identifier involved. */
    private static String patientRef(int patient) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) (patient >>> (8 * i));
        }
        return HexFormat.of().formatHex(bytes);
    }
}
