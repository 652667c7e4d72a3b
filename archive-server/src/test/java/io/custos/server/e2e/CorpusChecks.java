package io.custos.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.ArchiveRecords.IndexRow;
import io.custos.server.testsupport.DicomJson;
import io.custos.server.testsupport.DicomWebClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The checks both corpus channels share: QIDO-RS shows every stored file with dcmdump's values, and refusals
 * leave nothing behind. Mismatches are collected as "file: what" lines without values (values are PHI).
 */
final class CorpusChecks {

    private static final Duration PROJECTION_DEADLINE = Duration.ofMinutes(3);

    private final ConfigurableApplicationContext archive;
    private final String tenant;
    private final List<Expected> plan;
    private final ArchiveRecords records;

    CorpusChecks(ConfigurableApplicationContext archive, String tenant, List<Expected> plan) {
        this.archive = archive;
        this.tenant = tenant;
        this.plan = plan;
        this.records = new ArchiveRecords(archive);
    }

    List<Expected> stored() {
        return plan.stream().filter(e -> e.outcome() == Expected.Outcome.STORED).toList();
    }

    List<Expected> refused() {
        return plan.stream().filter(e -> e.outcome() == Expected.Outcome.REFUSED).toList();
    }

    /** Exactly the stored files' rows are in the three QIDO tables once the projection has caught up. */
    void assertIndexHoldsExactlyTheStoredFiles() {
        Set<IndexRow> instances = stored().stream().map(e -> new IndexRow(tenant, uid(e, "StudyInstanceUID"),
                uid(e, "SeriesInstanceUID"), uid(e, "SOPInstanceUID"))).collect(Collectors.toSet());
        Set<IndexRow> series = instances.stream().map(r -> new IndexRow(tenant, r.study(), r.series(), null))
                .collect(Collectors.toSet());
        Set<IndexRow> studies = instances.stream().map(r -> new IndexRow(tenant, r.study(), null, null))
                .collect(Collectors.toSet());
        // The three rows of an instance are written concurrently: wait for all of them.
        ArchiveRecords.awaitCondition(() -> records.instanceRows().containsAll(instances)
                && records.seriesRows().containsAll(series) && records.studyRows().containsAll(studies),
                PROJECTION_DEADLINE);
        assertThat(records.instanceRows()).as("qido_instance rows").containsExactlyInAnyOrderElementsOf(instances);
        assertThat(records.seriesRows()).as("qido_series rows").containsExactlyInAnyOrderElementsOf(series);
        assertThat(records.studyRows()).as("qido_study rows").containsExactlyInAnyOrderElementsOf(studies);
    }

    /**
     * Event store and blob store: one InstanceStoredEvent per stored file, an InstanceReceivedAgainEvent per
     * identical re-send, an InstanceIngestRejectedEvent with the right reason per refusal, and no blob file but
     * those the stored events name.
     */
    void assertEventsAndBlobsMatchThePlan() {
        List<ArchiveRecords.Stored> storedEvents = records.stored().stream().filter(s -> tenant.equals(s.tenant())).toList();
        assertThat(storedEvents.stream().map(ArchiveRecords.Stored::sop).toList()).as("SOP Instance UIDs of InstanceStoredEvents")
                .containsExactlyInAnyOrderElementsOf(stored().stream().map(Expected::sop).toList());
        List<ArchiveRecords.ReceivedAgain> again = records.receivedAgain().stream()
                .filter(r -> tenant.equals(r.tenant())).toList();
        assertThat(again).as("InstanceReceivedAgainEvents")
                .hasSize((int) plan.stream().filter(e -> e.outcome() == Expected.Outcome.ALREADY_STORED).count());
        Map<String, String> storedDigests = storedEvents.stream()
                .collect(Collectors.toMap(ArchiveRecords.Stored::sop, ArchiveRecords.Stored::sha256));
        assertThat(again).as("a re-send counts as identical only with the stored instance's digest")
                .allSatisfy(r -> assertThat(r.sha256()).isEqualTo(storedDigests.get(r.sop())));
        List<ArchiveRecords.Rejected> rejections = records.rejected().stream().filter(r -> tenant.equals(r.tenant())).toList();
        assertThat(rejections).as("one InstanceIngestRejectedEvent per refusal").hasSize(refused().size());
        assertThat(rejections.stream().map(ArchiveRecords.Rejected::reason).collect(counting()))
                .as("refusal reasons recorded").isEqualTo(refused().stream().map(e -> e.reason().name()).collect(counting()));
        assertThat(records.blobFiles()).as("files under the blob store")
                .containsExactlyInAnyOrderElementsOf(storedEvents.stream().map(ArchiveRecords.Stored::blobRef).toList());
    }

    /** Every stored blob decrypts to bytes whose SHA-256 is the one its event recorded. */
    Map<String, String> assertBlobsDecryptToRecordedDigests() throws IOException {
        StoredInstances instances = archive.getBean(StoredInstances.class);
        Map<String, String> digestBySop = new HashMap<>();
        for (Expected e : stored()) {
            InstanceStoredEvent event = instances.find(new TenantId(tenant),
                    new StudyInstanceUid(uid(e, "StudyInstanceUID")), new SopInstanceUid(e.sop()))
                    .orElseThrow(() -> new AssertionError("no stored instance for " + e.file().path()));
            String digest = CorpusPlan.sha256(instances.originalBytes(event));
            assertThat(digest).as("digest of the decrypted blob of %s", e.file().path()).isEqualTo(event.sha256());
            digestBySop.put(e.sop(), digest);
        }
        return digestBySop;
    }

    /**
     * QIDO-RS at study, series and instance level shows every stored file with the values dcmdump reads from
     * it. Study- and series-level values are kept once per study/series: when the stored files of one study
     * disagree on such a value (corpus files are hand-edited copies), QIDO must show one of theirs.
     */
    void assertQidoShowsTheStoredFiles(DicomWebClient web, String token) {
        List<String> mismatches = new ArrayList<>();
        Map<String, List<Expected>> byStudy = group(stored(), e -> uid(e, "StudyInstanceUID"));
        for (Map.Entry<String, List<Expected>> study : byStudy.entrySet()) {
            String studyUid = study.getKey();
            List<Expected> files = study.getValue();
            String where = "study of " + files.get(0).file().path();
            List<JsonNode> found = web.qido(token, "/studies?StudyInstanceUID=" + studyUid + "&includefield=all");
            if (found.size() != 1) {
                mismatches.add(where + ": " + found.size() + " study results");
                continue;
            }
            JsonNode s = found.get(0);
            expectOneOf(mismatches, where, "StudyInstanceUID", s, files);
            for (String keyword : List.of("PatientID", "StudyDate", "StudyTime", "AccessionNumber")) {
                expectOneOf(mismatches, where, keyword, s, files);
            }
            expectPersonName(mismatches, where, s, files);
            Set<String> modalities = files.stream().map(e -> e.facts().get("Modality").orElse(""))
                    .filter(m -> !m.isEmpty()).collect(Collectors.toSet());
            if (!Set.copyOf(DicomJson.strings(s, "00080061")).equals(modalities)) {
                mismatches.add(where + ": ModalitiesInStudy");
            }
            checkSeries(web, token, studyUid, files, mismatches);
        }
        assertThat(mismatches).as("QIDO-RS attributes that differ from dcmdump's (file: attribute)").isEmpty();
    }

    private void checkSeries(DicomWebClient web, String token, String studyUid, List<Expected> files,
                             List<String> mismatches) {
        Map<String, List<Expected>> bySeries = group(files, e -> uid(e, "SeriesInstanceUID"));
        Map<String, JsonNode> series = index(web.qido(token, "/studies/" + studyUid + "/series?includefield=all"),
                "0020000E");
        if (!series.keySet().equals(bySeries.keySet())) {
            mismatches.add("study of " + files.get(0).file().path() + ": series listed by QIDO-RS");
        }
        for (Map.Entry<String, List<Expected>> one : bySeries.entrySet()) {
            String where = "series of " + one.getValue().get(0).file().path();
            JsonNode s = series.get(one.getKey());
            if (s == null) {
                continue;
            }
            expectOneOf(mismatches, where, "Modality", s, one.getValue());
            expectOneOf(mismatches, where, "SeriesNumber", s, one.getValue());
            Map<String, JsonNode> instances = index(web.qido(token, "/studies/" + studyUid + "/series/" + one.getKey()
                    + "/instances?includefield=all"), "00080018");
            if (!instances.keySet().equals(one.getValue().stream().map(Expected::sop).collect(Collectors.toSet()))) {
                mismatches.add(where + ": instances listed by QIDO-RS");
            }
            for (Expected e : one.getValue()) {
                JsonNode i = instances.get(e.sop());
                if (i != null) {
                    expectOneOf(mismatches, e.file().path(), "SOPClassUID", i, List.of(e));
                    expectOneOf(mismatches, e.file().path(), "InstanceNumber", i, List.of(e));
                }
            }
        }
    }

    private static void expectOneOf(List<String> mismatches, String where, String keyword, JsonNode dataset,
                                    List<Expected> files) {
        String tag = DcmdumpFacts.TAGS.get(keyword).replace(",", "").toUpperCase(java.util.Locale.ROOT);
        boolean number = keyword.endsWith("Number");
        String actual = normalise(String.join("\\", DicomJson.strings(dataset, tag)), number);
        boolean matches = files.stream().anyMatch(
                e -> normalise(e.facts().get(keyword).orElse(""), number).equals(actual));
        if (!matches) {
            mismatches.add(where + ": " + keyword);
        }
    }

    private static void expectPersonName(List<String> mismatches, String where, JsonNode dataset, List<Expected> files) {
        List<String> actual = DicomJson.personName(dataset, "00100010");
        boolean matches = files.stream().anyMatch(e -> samePersonName(e.facts().personNameGroups("PatientName"), actual));
        if (!matches) {
            mismatches.add(where + ": PatientName");
        }
    }

    /** A null expected group could not be decoded independently (see DcmdumpFacts): it must merely be present. */
    private static boolean samePersonName(List<String> expected, List<String> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            String e = expected.get(i);
            if (e == null ? actual.get(i).isEmpty() : !e.equals(actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** IS values compare as numbers (PS3.5 6.2: IS is a decimal integer string; DICOM JSON sends a Number). */
    private static String normalise(String value, boolean integerString) {
        String v = value.strip();
        if (integerString && !v.isEmpty()) {
            return String.valueOf(Long.parseLong(v.startsWith("+") ? v.substring(1) : v));
        }
        return v;
    }

    private static Map<String, JsonNode> index(List<JsonNode> datasets, String uidTag) {
        Map<String, JsonNode> byUid = new LinkedHashMap<>();
        datasets.forEach(d -> byUid.put(DicomJson.first(d, uidTag), d));
        return byUid;
    }

    private static <K> Map<K, List<Expected>> group(List<Expected> files, Function<Expected, K> key) {
        Map<K, List<Expected>> groups = new LinkedHashMap<>();
        files.forEach(e -> groups.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e));
        return groups;
    }

    static String uid(Expected e, String keyword) {
        return Objects.requireNonNull(e.facts(), e.file().path()).require(keyword);
    }

    private static java.util.stream.Collector<String, ?, Map<String, Long>> counting() {
        return Collectors.groupingBy(Function.identity(), Collectors.counting());
    }
}
