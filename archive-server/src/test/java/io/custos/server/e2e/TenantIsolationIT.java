package io.custos.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.ingest.dimse.DicomServer;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.archive.ingest.testing.Dcmtk;
import io.custos.server.security.Role;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.DicomJson;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.RunningArchive;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two tenants in one archive, fed over both DIMSE (one called AE title each) and STOW-RS (one token each), with
 * distinct studies and overlapping ones: the same Patient IDs, and the same Study Instance UIDs holding different
 * instances in each tenant. No QIDO-RS query of one tenant, at any of the six resources and with any parameter,
 * returns an instance, series or study of the other, nor counts the other's instances; a STOW-RS by one tenant
 * into a study the other holds attaches nothing to the other's; and a {@code tenant} parameter is refused.
 */
class TenantIsolationIT {

    private static final String A = "tenant-a";
    private static final String B = "tenant-b";
    private static final String DIR = "test_files/dicomdirtests/";

    /**
     * Files per tenant and channel. Shared between the tenants: Patient IDs 77654033 and 98890234 (all dicomdir
     * files), and three Study Instance UIDs with different instances in each tenant: the CR study (CR1 / CR2,
     * CR3), the MR700 study (4467, 4528 / 4558, 4588) and the CT2N/CT5N study (2062 / 6293). CT_small and the
     * CT2 study exist only in A, MR_small only in B.
     */
    private static final List<String> A_DIMSE = List.of("test_files/CT_small.dcm", DIR + "77654033/CT2/17106",
            DIR + "77654033/CR1/6154", DIR + "98892003/MR700/4467");
    private static final List<String> A_STOW = List.of(DIR + "98892003/MR700/4528", DIR + "98892001/CT5N/2062");
    private static final List<String> B_DIMSE = List.of("test_files/MR_small.dcm", DIR + "77654033/CR3/6278",
            DIR + "98892003/MR700/4558");
    private static final List<String> B_STOW = List.of(DIR + "98892001/CT2N/6293", DIR + "77654033/CR2/6247");
    /** Stored by B with a study-targeted STOW-RS into the MR700 study, which A holds too. */
    private static final String B_INTO_SHARED_STUDY = DIR + "98892003/MR700/4588";

    private static RunningArchive archive;
    private static DicomWebClient web;
    private static Map<String, Holdings> holdings;

    /** What one tenant holds, from dcmdump. */
    record Holdings(Set<String> studies, Set<String> series, Set<String> sops, Map<String, Set<String>> sopsByStudy,
                    Map<String, Set<String>> sopsBySeries, Map<String, Set<String>> seriesByStudy,
                    Set<String> patientIds, Set<String> patientNames) {

        static Holdings of(List<String> files) {
            Holdings h = new Holdings(new HashSet<>(), new HashSet<>(), new HashSet<>(), new LinkedHashMap<>(),
                    new LinkedHashMap<>(), new LinkedHashMap<>(), new HashSet<>(), new HashSet<>());
            for (String file : files) {
                DcmdumpFacts f = CorpusPlan.facts(new CorpusFile(file, CorpusFile.ACCEPT));
                String study = f.require("StudyInstanceUID");
                String series = f.require("SeriesInstanceUID");
                String sop = f.require("SOPInstanceUID");
                h.studies.add(study);
                h.series.add(series);
                h.sops.add(sop);
                h.sopsByStudy.computeIfAbsent(study, k -> new HashSet<>()).add(sop);
                h.sopsBySeries.computeIfAbsent(series, k -> new HashSet<>()).add(sop);
                h.seriesByStudy.computeIfAbsent(study, k -> new HashSet<>()).add(series);
                h.patientIds.add(f.require("PatientID"));
                h.patientNames.add(f.personNameGroups("PatientName").get(0));
            }
            return h;
        }
    }

    @BeforeAll
    static void feedBothTenants() {
        archive = RunningArchive.start(TenantIsolationIT.class,
                "--custos.dimse.called-aes[0].ae-title=TENANT_A", "--custos.dimse.called-aes[0].tenant=" + A,
                "--custos.dimse.called-aes[0].region=local", "--custos.dimse.called-aes[0].allowed-calling-aes=DCMSEND",
                "--custos.dimse.called-aes[1].ae-title=TENANT_B", "--custos.dimse.called-aes[1].tenant=" + B,
                "--custos.dimse.called-aes[1].region=local", "--custos.dimse.called-aes[1].allowed-calling-aes=DCMSEND");
        web = new DicomWebClient(archive.context());
        int port = archive.context().getBean(DicomServer.class).port();
        dcmsend(port, "TENANT_A", A_DIMSE);
        dcmsend(port, "TENANT_B", B_DIMSE);
        stow(A, "/studies", A_STOW);
        stow(B, "/studies", B_STOW);
        String sharedStudy = CorpusPlan.facts(new CorpusFile(B_INTO_SHARED_STUDY, CorpusFile.ACCEPT))
                .require("StudyInstanceUID");
        stow(B, "/studies/" + sharedStudy, List.of(B_INTO_SHARED_STUDY));

        holdings = Map.of(
                A, Holdings.of(concat(A_DIMSE, A_STOW)),
                B, Holdings.of(concat(B_DIMSE, B_STOW, List.of(B_INTO_SHARED_STUDY))));
        // The overlap this test is about must really be there.
        assertThat(intersection(holdings.get(A).studies(), holdings.get(B).studies())).hasSize(3);
        assertThat(intersection(holdings.get(A).patientIds(), holdings.get(B).patientIds())).hasSize(2);
        assertThat(intersection(holdings.get(A).sops(), holdings.get(B).sops())).isEmpty();

        // The projection is asynchronous and writes an instance's three rows concurrently: wait for all of them.
        ArchiveRecords records = new ArchiveRecords(archive.context());
        Set<String> everySop = concatSets(holdings.get(A).sops(), holdings.get(B).sops());
        Set<String> everySeries = concatSets(holdings.get(A).series(), holdings.get(B).series());
        int studyRows = holdings.get(A).studies().size() + holdings.get(B).studies().size();
        ArchiveRecords.awaitCondition(() -> records.instanceRows().stream().map(ArchiveRecords.IndexRow::sop)
                .collect(Collectors.toSet()).containsAll(everySop)
                && records.seriesRows().stream().map(ArchiveRecords.IndexRow::series).collect(Collectors.toSet())
                .containsAll(everySeries)
                && records.studyRows().size() >= studyRows, Duration.ofMinutes(3));
    }

    @AfterAll
    static void stop() {
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void eachTenantSeesExactlyItsOwnInstancesUnfiltered() {
        for (String tenant : List.of(A, B)) {
            Holdings own = holdings.get(tenant);
            String token = web.token(tenant, Role.CLINICIAN);
            assertThat(values(web.qido(token, "/instances?limit=1000"), "00080018")).as("instances of %s", tenant)
                    .containsExactlyInAnyOrderElementsOf(own.sops());
            assertThat(values(web.qido(token, "/series?limit=1000"), "0020000E")).as("series of %s", tenant)
                    .containsExactlyInAnyOrderElementsOf(own.series());
            assertThat(values(web.qido(token, "/studies?limit=1000"), "0020000D")).as("studies of %s", tenant)
                    .containsExactlyInAnyOrderElementsOf(own.studies());
        }
    }

    @Test
    void noQueryOfOneTenantReturnsOrCountsTheOthersData() {
        for (String tenant : List.of(A, B)) {
            String other = tenant.equals(A) ? B : A;
            String token = web.token(tenant, Role.CLINICIAN);
            List<String> leaks = new ArrayList<>();
            for (Map.Entry<String, String> query : queries(holdings.get(other)).entrySet()) {
                HttpResponse<String> r = web.get(token, query.getValue());
                if (r.statusCode() == 204) {
                    continue;
                }
                if (r.statusCode() != 200) {
                    leaks.add(query.getKey() + ": HTTP " + r.statusCode());
                    continue;
                }
                List<JsonNode> results = DicomWebClient.json(r.body()).valueStream().toList();
                leaks.addAll(check(query.getKey(), results, holdings.get(tenant), holdings.get(other)));
            }
            assertThat(leaks).as("queries of %s that show or count %s's data (query: what)", tenant, other).isEmpty();
        }
    }

    @Test
    void aTenantParameterIsRefusedNotHonoured() {
        String token = web.token(B, Role.CLINICIAN);
        for (String resource : List.of("/studies", "/series", "/instances",
                "/studies/" + holdings.get(A).studies().iterator().next() + "/instances")) {
            for (String parameter : List.of("tenant=" + A, "custos_tenant=" + A, "tenant=" + B)) {
                HttpResponse<String> r = web.get(token, resource + "?" + parameter);
                assertThat(r.statusCode()).as("%s with a tenant parameter", resource).isEqualTo(400);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("application/problem+json"));
            }
        }
    }

    @Test
    void aStoreIntoAStudyTheOtherTenantHoldsAttachesNothingToIt() {
        String sharedStudy = CorpusPlan.facts(new CorpusFile(B_INTO_SHARED_STUDY, CorpusFile.ACCEPT))
                .require("StudyInstanceUID");
        String sop = CorpusPlan.facts(new CorpusFile(B_INTO_SHARED_STUDY, CorpusFile.ACCEPT)).require("SOPInstanceUID");
        String tokenA = web.token(A, Role.CLINICIAN);
        assertThat(values(web.qido(tokenA, "/studies/" + sharedStudy + "/instances"), "00080018"))
                .containsExactlyInAnyOrderElementsOf(holdings.get(A).sopsByStudy().get(sharedStudy));
        JsonNode study = web.qido(tokenA, "/studies?StudyInstanceUID=" + sharedStudy).get(0);
        assertThat(DicomJson.first(study, "00201208")).as("NumberOfStudyRelatedInstances seen by A")
                .isEqualTo(String.valueOf(holdings.get(A).sopsByStudy().get(sharedStudy).size()));

        ArchiveRecords records = new ArchiveRecords(archive.context());
        assertThat(records.stored()).filteredOn(s -> s.sop().equals(sop)).extracting(ArchiveRecords.Stored::tenant)
                .containsExactly(B);
        assertThat(records.stored()).filteredOn(s -> s.tenant().equals(A) && s.study().equals(sharedStudy))
                .extracting(ArchiveRecords.Stored::sop)
                .containsExactlyInAnyOrderElementsOf(holdings.get(A).sopsByStudy().get(sharedStudy));
        assertThat(records.instanceRows()).filteredOn(r -> r.sop().equals(sop))
                .extracting(ArchiveRecords.IndexRow::tenant).containsExactly(B);
    }

    /**
     * Queries at all six resources that target the other tenant's data by every kind of parameter; keys are
     * descriptions without values (the values are patient data).
     */
    private static Map<String, String> queries(Holdings other) {
        Map<String, String> q = new LinkedHashMap<>();
        String allStudies = String.join(",", concatSets(holdings.get(A).studies(), holdings.get(B).studies()));
        String allSeries = String.join(",", concatSets(holdings.get(A).series(), holdings.get(B).series()));
        String allSops = String.join(",", concatSets(holdings.get(A).sops(), holdings.get(B).sops()));
        q.put("studies unfiltered", "/studies");
        q.put("studies includefield=all", "/studies?includefield=all");
        for (int offset = 0; offset < 8; offset++) {
            q.put("studies limit=1 offset=" + offset, "/studies?limit=1&offset=" + offset);
        }
        q.put("studies by UID list", "/studies?StudyInstanceUID=" + enc(allStudies));
        q.put("studies by UID list, all fields", "/studies?StudyInstanceUID=" + enc(allStudies) + "&includefield=all");
        int i = 0;
        for (String id : other.patientIds()) {
            q.put("studies by PatientID #" + i, "/studies?PatientID=" + enc(id));
            q.put("series by PatientID #" + i, "/series?PatientID=" + enc(id) + "&includefield=all");
            q.put("instances by PatientID #" + i++, "/instances?PatientID=" + enc(id) + "&includefield=all");
        }
        i = 0;
        for (String name : other.patientNames()) {
            String wildcard = name.substring(0, Math.min(2, name.length())) + "*";
            q.put("studies by PatientName wildcard #" + i, "/studies?PatientName=" + enc(wildcard));
            q.put("instances by PatientName wildcard #" + i++, "/instances?PatientName=" + enc(wildcard));
        }
        q.put("studies by PatientName *", "/studies?PatientName=*");
        q.put("studies by date range", "/studies?StudyDate=19000101-20991231&includefield=all");
        q.put("studies by open date range", "/studies?StudyDate=-20991231");
        q.put("studies by modality", "/studies?ModalitiesInStudy=CT,MR,CR,OT");
        q.put("studies by accession wildcard", "/studies?AccessionNumber=*");
        for (String study : concatSets(holdings.get(A).studies(), holdings.get(B).studies())) {
            q.put("series of study " + study, "/studies/" + study + "/series?includefield=all");
            q.put("instances of study " + study, "/studies/" + study + "/instances?includefield=all");
            for (String series : concatSets(holdings.get(A).seriesByStudy().getOrDefault(study, Set.of()),
                    holdings.get(B).seriesByStudy().getOrDefault(study, Set.of()))) {
                q.put("instances of series " + series, "/studies/" + study + "/series/" + series + "/instances");
            }
        }
        q.put("series unfiltered", "/series");
        q.put("series includefield=all", "/series?includefield=all");
        q.put("series by UID list", "/series?SeriesInstanceUID=" + enc(allSeries));
        q.put("series by study UID list", "/series?StudyInstanceUID=" + enc(allStudies));
        q.put("series by modality", "/series?Modality=MR");
        q.put("series limit=2 offset=1", "/series?limit=2&offset=1");
        q.put("instances unfiltered", "/instances");
        q.put("instances includefield=all", "/instances?includefield=all&limit=1000");
        q.put("instances by SOP UID list", "/instances?SOPInstanceUID=" + enc(allSops));
        q.put("instances by study UID list", "/instances?StudyInstanceUID=" + enc(allStudies));
        q.put("instances by series UID list", "/instances?SeriesInstanceUID=" + enc(allSeries));
        q.put("instances limit=3 offset=2", "/instances?limit=3&offset=2");
        return q;
    }

    /** What a result set reveals of the other tenant: its UIDs, or counts that include its instances. */
    private static List<String> check(String query, List<JsonNode> results, Holdings own, Holdings other) {
        List<String> leaks = new ArrayList<>();
        for (JsonNode r : results) {
            String study = DicomJson.first(r, "0020000D");
            String series = DicomJson.first(r, "0020000E");
            String sop = DicomJson.first(r, "00080018");
            if (!study.isEmpty() && !own.studies().contains(study)) {
                leaks.add(query + ": a study of the other tenant");
            }
            if (!series.isEmpty() && !own.series().contains(series)) {
                leaks.add(query + ": a series of the other tenant");
            }
            if (!sop.isEmpty() && (other.sops().contains(sop) || !own.sops().contains(sop))) {
                leaks.add(query + ": an instance of the other tenant");
            }
            String studyCount = DicomJson.first(r, "00201208");
            if (!studyCount.isEmpty() && own.sopsByStudy().containsKey(study)
                    && Integer.parseInt(studyCount) != own.sopsByStudy().get(study).size()) {
                leaks.add(query + ": NumberOfStudyRelatedInstances counts other instances");
            }
            String seriesInStudy = DicomJson.first(r, "00201206");
            if (!seriesInStudy.isEmpty() && own.seriesByStudy().containsKey(study)
                    && Integer.parseInt(seriesInStudy) != own.seriesByStudy().get(study).size()) {
                leaks.add(query + ": NumberOfStudyRelatedSeries counts other series");
            }
            String seriesCount = DicomJson.first(r, "00201209");
            if (!seriesCount.isEmpty() && own.sopsBySeries().containsKey(series)
                    && Integer.parseInt(seriesCount) != own.sopsBySeries().get(series).size()) {
                leaks.add(query + ": NumberOfSeriesRelatedInstances counts other instances");
            }
        }
        return leaks;
    }

    private static void dcmsend(int port, String calledAe, List<String> files) {
        List<String> command = new ArrayList<>(List.of("dcmsend", "-q", "-dn", "-aet", "DCMSEND", "-aec", calledAe,
                "127.0.0.1", String.valueOf(port)));
        files.forEach(f -> command.add(Corpus.file(f).toString()));
        Dcmtk.Result r = Dcmtk.run(command.toArray(String[]::new));
        assertThat(r.exitCode()).as("dcmsend to %s", calledAe).isZero();
    }

    private static void stow(String tenant, String path, List<String> files) {
        byte[][] objects = files.stream().map(Corpus::bytes).toArray(byte[][]::new);
        HttpResponse<String> r = web.stow(web.token(tenant, Role.SERVICE), path, objects);
        assertThat(r.statusCode()).as("STOW-RS of %s to %s", tenant, path).isEqualTo(200);
    }

    private static Set<String> values(List<JsonNode> results, String tag) {
        return results.stream().map(r -> DicomJson.first(r, tag)).collect(Collectors.toSet());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    @SafeVarargs
    private static Set<String> concatSets(Set<String>... sets) {
        Set<String> all = new java.util.TreeSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return all;
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }
}
