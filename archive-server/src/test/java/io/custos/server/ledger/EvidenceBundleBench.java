package io.custos.server.ledger;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.archive.ledger.evidence.EvidenceBundleVerifier;
import io.custos.archive.domain.TenantId;
import io.custos.query.audit.AuditQuestion;
import io.custos.query.audit.AuditTable;
import io.custos.query.audit.AuditTrailStore;
import io.custos.server.audit.PatientRefs;
import io.custos.server.security.Role;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.RunningArchive;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benchmark, not a test (failsafe does not pick up *Bench): the evidence bundle of a patient with N access
 * events (default 10,000). A whole archive (embedded PostgreSQL, the shared Cassandra node) stores one study;
 * a clinician searches it by PatientID N times over HTTP (each search one access event, projected into the
 * patient's accounting and sealed into the ledger). Then the auditor exports the patient's accounting as a
 * bundle over HTTP (warm-up, then R timed runs; each export also records itself and seals and checkpoints on
 * demand), and the bundle is verified offline ({@link EvidenceBundleVerifier}, in-process, as
 * {@code custos verify-bundle} runs it; warm-up, then R timed runs). Prints the bundle size, the medians and
 * min–max.
 *
 * <pre>
 * flock /work/wt/bench.lock bench/evidence-bundle.sh [events] [runs]
 * </pre>
 */
class EvidenceBundleBench {

    private static final String BUNDLE = "application/vnd.custos.evidence+zip";

    @Test
    void bundleOfOnePatientsAccesses() throws Exception {
        int events = Integer.getInteger("custos.bench.events", 10_000);
        int runs = Integer.getInteger("custos.bench.runs", 5);
        try (RunningArchive archive = RunningArchive.start(EvidenceBundleBench.class)) {
            DicomWebClient web = new DicomWebClient(archive.context());
            Path ct = Corpus.file("test_files/CT_small.dcm");
            AttributeList list = new AttributeList();
            list.read(ct.toString(), TagFromName.PixelData);
            String study = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.StudyInstanceUID);
            String patientId = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientID);
            String issuer = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.IssuerOfPatientID);
            String clinician = web.token("default", Role.CLINICIAN);
            if (web.stow(clinician, "/studies", Files.readAllBytes(ct)).statusCode() != 200) {
                throw new AssertionError("STOW failed");
            }
            ArchiveRecords.awaitCondition(() -> web.get(clinician, "/studies/" + study + "/series").statusCode()
                    == 200, Duration.ofMinutes(1));

            long loadStart = System.nanoTime();
            search(web, clinician, "/studies?PatientID=" + URLEncoder.encode(patientId, StandardCharsets.UTF_8),
                    events);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            System.out.printf("[EvidenceBundleBench] %d QIDO searches (access events) in %.1f s (%.0f/s)%n", events,
                    loadSeconds, events / loadSeconds);

            String ref = archive.context().getBean(PatientRefs.class).of(new TenantId("default"), patientId, issuer);
            AuditTrailStore store = archive.context().getBean(AuditTrailStore.class);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            AuditQuestion question = new AuditQuestion(AuditTable.BY_PATIENT, "default", ref, today.minusDays(30),
                    today);
            ArchiveRecords.awaitCondition(() -> count(store, question) >= events, Duration.ofMinutes(10));

            String lookup = JsonMapper.builder().build().writeValueAsString(Map.of("patientId", patientId,
                    "issuerOfPatientId", issuer));
            String auditor = web.token("default", Role.AUDITOR);
            HttpClient http = HttpClient.newHttpClient();
            Path bundle = archive.dataDir().resolve("bench-bundle.zip");
            Ed25519PublicKeyParameters key = new Ed25519PublicKeyParameters(HexFormat.of().parseHex(Files.readString(
                    archive.dataDir().resolve("ledger/ledger-public-key.hex")).strip()), 0);

            double[] export = new double[runs];
            double[] verify = new double[runs];
            long size = 0;
            for (int run = -2; run < runs; run++) { // two warm-up runs
                long start = System.nanoTime();
                HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(web.root()
                                + "/audit/patients/accesses")).header("Authorization", "Bearer " + auditor)
                        .header("Content-Type", "application/json").header("Accept", BUNDLE)
                        .POST(HttpRequest.BodyPublishers.ofString(lookup)).build(),
                        HttpResponse.BodyHandlers.ofFile(bundle));
                double exportMs = (System.nanoTime() - start) / 1e6;
                if (r.statusCode() != 200) {
                    throw new AssertionError("export answered " + r.statusCode());
                }
                start = System.nanoTime();
                EvidenceBundleVerifier.Report report = new EvidenceBundleVerifier(key).verify(bundle, e -> {
                });
                double verifyMs = (System.nanoTime() - start) / 1e6;
                if (!report.holds() || report.events() < events) {
                    throw new AssertionError("the bundle does not verify: " + report.failed() + " failed, "
                            + report.events() + " events");
                }
                size = Files.size(bundle);
                System.out.printf("[EvidenceBundleBench] %s: %d events, %d checkpoints, %,d bytes; export %.0f ms,"
                                + " verify %.0f ms%n", run < 0 ? "warm-up" : "run " + (run + 1), report.events(),
                        report.checkpoints(), size, exportMs, verifyMs);
                if (run >= 0) {
                    export[run] = exportMs;
                    verify[run] = verifyMs;
                }
            }
            Arrays.sort(export);
            Arrays.sort(verify);
            System.out.printf("[EvidenceBundleBench] %d access events of one patient: bundle %,d bytes (%.0f bytes/event);"
                            + " export median %.0f ms (%.0f-%.0f), offline verification median %.0f ms (%.0f-%.0f),"
                            + " %d runs%n", events, size, (double) size / events, export[runs / 2], export[0],
                    export[runs - 1], verify[runs / 2], verify[0], verify[runs - 1], runs);
        }
    }

    private static long count(AuditTrailStore store, AuditQuestion question) {
        long n = 0;
        String token = null;
        do {
            var page = store.page(question, AuditTrailStore.MAX_PAGE_SIZE, token);
            n += page.entries().size();
            token = page.nextPageToken().orElse(null);
        } while (token != null);
        return n;
    }

    /** N GETs over 4 concurrent clients (the 2-core machine runs the archive too). */
    private static void search(DicomWebClient web, String token, String path, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int share = n / 4 + (t < n % 4 ? 1 : 0);
                all.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        int status = web.get(token, path).statusCode();
                        if (status != 200) {
                            throw new AssertionError("search answered " + status);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
