package io.custos.query.qido;

import static io.custos.query.dicom.DicomTags.of;
import static io.custos.query.qido.StudyIndexFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.domain.TenantId;
import io.custos.query.dicom.DicomDataset;
import io.custos.query.index.IndexedInstance;
import io.custos.query.index.StudyIndexProjection;
import io.custos.query.index.StudyIndexSchema;
import io.custos.query.index.StudyIndexStore;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The study index against a real Cassandra 5 node: the projection writes the fixture, and QIDO searches
 * (parser + IndexedQidoSearch, as the controller runs them) must return exactly the expected sets.
 * The node is the integration suite's shared Cassandra node (testsupport.SharedCassandra); this class
 * creates its own keyspace and drops it afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudyIndexQidoIT {

    private static final int STUDY_UID = of(TagFromName.StudyInstanceUID);
    private static final int SERIES_UID = of(TagFromName.SeriesInstanceUID);
    private static final int SOP_UID = of(TagFromName.SOPInstanceUID);

    private CqlSession session;
    private String keyspace;
    private StudyIndexProjection projection;
    private IndexedQidoSearch search;
    private StudyIndexStore store;
    private final QidoQueryParser parser = new QidoQueryParser(1000);

    @BeforeAll
    void startIndex() {
        // The suite's one Cassandra node (a real child JVM), shared by every integration test class.
        String node = io.custos.server.testsupport.SharedCassandra.contactPoint();
        int colon = node.lastIndexOf(':');
        session = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1))))
                .withLocalDatacenter(io.custos.server.testsupport.SharedCassandra.node().localDatacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .build())
                .build();
        keyspace = "qido_it_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        session.execute(SimpleStatement.newInstance("CREATE KEYSPACE " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
                .setTimeout(Duration.ofSeconds(60)));
        StudyIndexSchema schema = new StudyIndexSchema(session);
        schema.create(keyspace);
        schema.create(keyspace); // idempotent: a second node starting must not fail
        projection = new StudyIndexProjection(session, keyspace);
        store = new StudyIndexStore(session, keyspace);
        search = new IndexedQidoSearch(store, 10_000);
        // One call for the whole fixture, as a processor batch sends its rows: many size- and partition-capped
        // UNLOGGED batches against the real node.
        projection.write(StudyIndexFixture.all().stream().flatMap(i -> projection.rowsOf(i).statements().stream()).toList()).join();
    }

    /** One event handled again on its own, as a redelivery outside a processor batch would. */
    private void redeliver(IndexedInstance instance) {
        projection.write(projection.rowsOf(instance).statements()).join();
    }

    @AfterAll
    void dropKeyspace() {
        if (session != null) {
            session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
                    .setTimeout(Duration.ofSeconds(60)));
            session.close();
        }
    }

    private List<DicomDataset> query(TenantId tenant, QidoResource resource, String study, String series,
                                     String... keyValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.computeIfAbsent(keyValues[i], k -> new ArrayList<>()).add(keyValues[i + 1]);
        }
        return search.search(tenant, parser.parse(resource, Optional.ofNullable(study), Optional.ofNullable(series),
                params)).matches();
    }

    private List<String> studies(TenantId tenant, String... keyValues) {
        return uids(query(tenant, QidoResource.ALL_STUDIES, null, null, keyValues), STUDY_UID);
    }

    private static List<String> uids(List<DicomDataset> results, int tag) {
        return results.stream().map(d -> d.first(tag)).toList();
    }

    private static String value(DicomDataset d, AttributeTag tag) {
        return String.join("\\", d.get(of(tag)).orElseThrow().values());
    }

    @Test
    void axonHandlerOpensTheSealedAttributesAndUsesTheEventTimestamp() {
        TenantId tenant = new TenantId("tenant-handler");
        IndexedInstance source = StudyIndexFixture.all().get(0);
        io.custos.archive.study.api.SealedAttributes sealed =
                new io.custos.archive.study.api.SealedAttributes("dek-1", new byte[] {1, 2, 3});
        List<io.custos.archive.study.api.SealedAttributes> opened = new ArrayList<>();
        io.custos.query.index.StudyIndexEventHandler handler = new io.custos.query.index.StudyIndexEventHandler(
                projection, (studyId, s) -> {
                    assertThat(studyId).isEqualTo("study-1");
                    opened.add(s);
                    return source.attributes();
                });
        handler.on(new io.custos.archive.study.api.InstanceStoredEvent("study-1", tenant, source.region(),
                source.study(), source.series(), source.sop(), source.sopClass(), source.ts(), 10, "00",
                "blob-1", sealed, io.custos.archive.ingest.api.IngestSource.stow("u", "service", "127.0.0.1"), "01"),
                java.time.Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(opened).containsExactly(sealed);
        List<DicomDataset> found = query(tenant, QidoResource.ALL_INSTANCES, null, null, "PatientID", "P1");
        assertThat(uids(found, SOP_UID)).containsExactly(source.sop().value());
    }

    @Test
    void theIndexNarrowsTheCandidatesInCassandra() {
        // The store alone, without the in-memory re-check: proves the lookup and the SAI predicates are right.
        java.util.function.Function<io.custos.query.index.StudyFilter, List<String>> find = f ->
                store.findStudies(A, f, 100).stream().map(io.custos.query.index.StudyRow::studyUid).sorted().toList();
        Optional<String> none = Optional.empty();
        assertThat(find.apply(new io.custos.query.index.StudyFilter(Optional.of("P1"), none, Optional.empty(),
                Optional.empty(), none))).containsExactly(A1, A2);
        assertThat(find.apply(new io.custos.query.index.StudyFilter(none, Optional.of("ACC3"), Optional.empty(),
                Optional.empty(), none))).containsExactly(A3);
        assertThat(find.apply(new io.custos.query.index.StudyFilter(none, none,
                Optional.of(java.time.LocalDate.of(2020, 1, 1)), Optional.of(java.time.LocalDate.of(2021, 12, 31)),
                none))).containsExactly(A1, A2);
        assertThat(find.apply(new io.custos.query.index.StudyFilter(Optional.of("P1"), none, Optional.empty(),
                Optional.empty(), Optional.of("SR")))).containsExactly(A1);
        assertThat(find.apply(new io.custos.query.index.StudyFilter(Optional.of("P1"), none,
                Optional.of(java.time.LocalDate.of(2021, 1, 1)), Optional.empty(), none))).containsExactly(A2);
        assertThat(find.apply(new io.custos.query.index.StudyFilter(Optional.of("P1"), Optional.of("ACC3"),
                Optional.empty(), Optional.empty(), none))).isEmpty();
        assertThat(store.findStudies(A, new io.custos.query.index.StudyFilter(Optional.of("P1"), none,
                Optional.empty(), Optional.empty(), none), 1)).hasSize(1);
        assertThat(find.apply(io.custos.query.index.StudyFilter.none())).containsExactly(A1, A2, A3, A4);
    }

    @Test
    void theLookupFollowsAStudysCurrentValuesAndItsDeletionRemovesEveryLookupRow() {
        TenantId tenant = new TenantId("tenant-lookup");
        String study = "2.25.3001";
        redeliver(StudyIndexFixture.instance(tenant, study, "PL1", "ACCL1", Instant.parse("2026-03-01T00:00:00Z")));
        redeliver(StudyIndexFixture.instance(tenant, study, "PL2", "ACCL1", Instant.parse("2026-03-02T00:00:00Z")));
        assertThat(studies(tenant, "PatientID", "PL2")).containsExactly(study);
        assertThat(studies(tenant, "AccessionNumber", "ACCL1")).containsExactly(study);
        // The first value's lookup row is still there; the stored row, which now says PL2, keeps it from matching.
        assertThat(studies(tenant, "PatientID", "PL1")).isEmpty();
        assertThat(lookupRows(tenant)).containsExactlyInAnyOrder("patient_id=PL1 " + study,
                "patient_id=PL2 " + study, "accession_number=ACCL1 " + study);

        handler().on(deletion(tenant, study), Instant.parse("2026-03-03T00:00:00Z"));
        assertThat(lookupRows(tenant)).isEmpty();
        assertThat(studies(tenant, "PatientID", "PL2")).isEmpty();
    }

    @Test
    void aDeletionInTheBatchThatIndexedTheStudyRemovesItsLookupRowsToo() {
        TenantId tenant = new TenantId("tenant-lookup-batch");
        IndexedInstance source = StudyIndexFixture.instance(tenant, "2.25.3002", "PB7", "ACCB7",
                Instant.parse("2026-03-01T00:00:00Z"));
        io.custos.query.index.StudyIndexEventHandler handler = new io.custos.query.index.StudyIndexEventHandler(
                projection, (studyId, sealed) -> source.attributes());
        var batch = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(null);
        handler.on(new io.custos.archive.study.api.InstanceStoredEvent("study-b7", tenant, source.region(),
                source.study(), source.series(), source.sop(), source.sopClass(), source.ts(), 10, "00", "blob-b7",
                new io.custos.archive.study.api.SealedAttributes("dek-b7", new byte[] {1}),
                io.custos.archive.ingest.api.IngestSource.stow("u", "service", "127.0.0.1"), "01"),
                source.storedAt());
        handler.on(deletion(tenant, source.study().value()), Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(lookupRows(tenant)).as("nothing is written before the batch commits").isEmpty();
        batch.commit();
        assertThat(lookupRows(tenant)).isEmpty();
        assertThat(studies(tenant)).isEmpty();
    }

    @Test
    void anIndexBuiltBeforeTheLookupTableIsBackfilledOnce() {
        TenantId tenant = new TenantId("tenant-backfill");
        String study = "2.25.3003";
        redeliver(StudyIndexFixture.instance(tenant, study, "PF1", "ACCF1", Instant.parse("2026-03-01T00:00:00Z")));
        // As an index of an earlier version: study rows, no lookup rows, no completed migration.
        session.execute("TRUNCATE " + keyspace + ".qido_study_lookup");
        session.execute("TRUNCATE " + keyspace + ".qido_index_migrations");
        assertThat(studies(tenant, "PatientID", "PF1")).isEmpty();

        assertThat(new io.custos.query.index.StudyLookupBackfill(session, keyspace).runIfNeeded()).isPositive();
        assertThat(studies(tenant, "PatientID", "PF1")).containsExactly(study);
        assertThat(studies(tenant, "AccessionNumber", "ACCF1")).containsExactly(study);
        assertThat(studies(A, "PatientID", "P1")).containsExactly(A2, A1);
        assertThat(new io.custos.query.index.StudyLookupBackfill(session, keyspace).runIfNeeded()).isZero();
        // The backfill also filled the study's value history, which its deletion relies on.
        handler().on(deletion(tenant, study), Instant.parse("2026-03-03T00:00:00Z"));
        assertThat(lookupRows(tenant)).isEmpty();
    }

    private io.custos.query.index.StudyIndexEventHandler handler() {
        return new io.custos.query.index.StudyIndexEventHandler(projection, (studyId, sealed) -> {
            throw new AssertionError("a deletion opens nothing");
        });
    }

    private static io.custos.archive.retention.api.StudyDeletedEvent deletion(TenantId tenant, String study) {
        return new io.custos.archive.retention.api.StudyDeletedEvent(tenant.value() + "/" + study, tenant,
                new io.custos.archive.domain.RegionId("eu-1"), new io.custos.archive.domain.StudyInstanceUid(study),
                io.custos.archive.retention.api.DeletionReason.RETENTION_EXPIRED, null, 1, 10, List.of(), "ref",
                new io.custos.archive.access.api.AccessActor("ada", "tenant-admin", tenant.value(), "127.0.0.1"));
    }

    /** The tenant's lookup rows as "key=value study" (a full scan: the table is keyed by value). */
    private List<String> lookupRows(TenantId tenant) {
        List<String> rows = new ArrayList<>();
        session.execute("SELECT tenant, key_name, key_value, study_uid FROM " + keyspace + ".qido_study_lookup")
                .forEach(r -> {
                    if (tenant.value().equals(r.getString("tenant"))) {
                        rows.add(r.getString("key_name") + "=" + r.getString("key_value") + " "
                                + r.getString("study_uid"));
                    }
                });
        return rows;
    }

    @Test
    void allStudiesNewestFirstWithCountsAndModalities() {
        List<DicomDataset> all = query(A, QidoResource.ALL_STUDIES, null, null);
        assertThat(uids(all, STUDY_UID)).containsExactly(A2, A1, A3, A4); // A4 has no StudyDate: last
        DicomDataset a1 = all.get(1);
        assertThat(value(a1, TagFromName.NumberOfStudyRelatedSeries)).isEqualTo("2");
        assertThat(value(a1, TagFromName.NumberOfStudyRelatedInstances)).isEqualTo("5");
        assertThat(value(a1, TagFromName.ModalitiesInStudy)).isEqualTo("CT\\SR");
        assertThat(value(a1, TagFromName.PatientName)).isEqualTo("Doe^John");
        assertThat(a1.first(ResponseAttributes.INSTANCE_AVAILABILITY)).isEqualTo("ONLINE");
        // Defaults only: StudyDescription is not a Table 10.6.3-3 default and was not asked for.
        assertThat(a1.get(of(TagFromName.StudyDescription))).isEmpty();
        assertThat(query(A, QidoResource.ALL_STUDIES, null, null, "includefield", "StudyDescription").get(1)
                .get(of(TagFromName.StudyDescription))).isPresent();
    }

    /** A lookup's studies get their counts read beside their rows; they must be each study's own. */
    @Test
    void studiesFoundThroughALookupCarryTheirOwnCounts() {
        List<DicomDataset> byPatient = query(B, QidoResource.ALL_STUDIES, null, null, "PatientID", "P1");
        List<DicomDataset> byAccession = query(B, QidoResource.ALL_STUDIES, null, null, "AccessionNumber", "ACC1");

        assertThat(uids(byPatient, STUDY_UID)).containsExactly(B3, B1);
        assertThat(byPatient.stream().map(StudyIndexQidoIT::counts))
                .containsExactly("2 series, 6 instances", "1 series, 2 instances");
        assertThat(uids(byAccession, STUDY_UID)).containsExactly(B2);
        assertThat(counts(byAccession.get(0))).isEqualTo("1 series, 5 instances");
    }

    private static String counts(DicomDataset study) {
        return value(study, TagFromName.NumberOfStudyRelatedSeries) + " series, "
                + value(study, TagFromName.NumberOfStudyRelatedInstances) + " instances";
    }

    @Test
    void patientIdAccessionStudyIdAndReferringPhysician() {
        assertThat(studies(A, "PatientID", "P1")).containsExactly(A2, A1);
        assertThat(studies(B, "PatientID", "P1")).containsExactly(B3, B1);
        assertThat(studies(A, "PatientID", "P*")).containsExactly(A2, A1, A3, A4);
        assertThat(studies(A, "AccessionNumber", "ACC1")).containsExactly(A1);
        assertThat(studies(B, "AccessionNumber", "ACC1")).containsExactly(B2);
        assertThat(studies(A, "StudyID", "S3")).containsExactly(A3);
        assertThat(studies(A, "ReferringPhysicianName", "ref^*")).containsExactly(A2, A1);
        assertThat(studies(A, "PatientID", "P1", "AccessionNumber", "ACC2")).containsExactly(A2);
    }

    @Test
    void patientNameWildcardsAreCaseInsensitiveAndSeeEveryComponentGroup() {
        assertThat(studies(A, "PatientName", "doe*")).containsExactly(A2, A1);
        assertThat(studies(A, "PatientName", "doe^john")).containsExactly(A2, A1);
        assertThat(studies(A, "PatientName", "SMITH^ANNA")).containsExactly(A3);
        assertThat(studies(A, "PatientName", "スミス*")).containsExactly(A3);
        assertThat(studies(A, "PatientName", "O'Ne?l*")).containsExactly(A4);
        assertThat(studies(A, "PatientName", "nobody*")).isEmpty();
    }

    @Test
    void studyDateRanges() {
        assertThat(studies(A, "StudyDate", "20200101-20201231")).containsExactly(A1);
        assertThat(studies(A, "StudyDate", "-20200101")).containsExactly(A3);
        assertThat(studies(A, "StudyDate", "20200101-")).containsExactly(A2, A1);
        assertThat(studies(A, "StudyDate", "20210610")).containsExactly(A2);
        assertThat(studies(A, "StudyDate", "20200101-", "StudyTime", "0800-0900")).containsExactly(A2);
    }

    @Test
    void modalitiesInStudy() {
        assertThat(studies(A, "ModalitiesInStudy", "MR")).containsExactly(A2);
        assertThat(studies(A, "ModalitiesInStudy", "CT")).containsExactly(A1, A3);
        assertThat(studies(A, "ModalitiesInStudy", "CT,MR")).containsExactly(A2, A1, A3);
        assertThat(studies(A, "ModalitiesInStudy", "PT")).isEmpty();
        assertThat(studies(B, "ModalitiesInStudy", "PT")).containsExactly(B3);
    }

    @Test
    void studyUidLists() {
        assertThat(studies(A, "StudyInstanceUID", A3 + "," + A1)).containsExactly(A1, A3);
        assertThat(studies(A, "StudyInstanceUID", A3, "StudyInstanceUID", A4)).containsExactly(A3, A4);
        assertThat(studies(A, "StudyInstanceUID", B2)).isEmpty();
    }

    @Test
    void seriesOfAStudyAndAcrossStudies() {
        List<DicomDataset> a1 = query(A, QidoResource.STUDY_SERIES, A1, null);
        assertThat(uids(a1, SERIES_UID)).containsExactly(A1_CT, A1_SR);
        assertThat(value(a1.get(0), TagFromName.NumberOfSeriesRelatedInstances)).isEqualTo("4");
        assertThat(value(a1.get(1), TagFromName.NumberOfSeriesRelatedInstances)).isEqualTo("1");
        assertThat(value(a1.get(0), TagFromName.Modality)).isEqualTo("CT");
        assertThat(a1.get(0).get(STUDY_UID)).isEmpty(); // the study is in the path

        List<DicomDataset> ct = query(A, QidoResource.ALL_SERIES, null, null, "Modality", "CT");
        assertThat(uids(ct, SERIES_UID)).containsExactly(A1_CT, A3_CT);
        assertThat(uids(ct, STUDY_UID)).containsExactly(A1, A3); // study attributes come along
        assertThat(uids(query(A, QidoResource.ALL_SERIES, null, null, "SeriesNumber", "2"), SERIES_UID))
                .containsExactly(A2_MR2, A1_SR);
        assertThat(uids(query(A, QidoResource.ALL_SERIES, null, null, "SeriesInstanceUID", A3_CT), SERIES_UID))
                .containsExactly(A3_CT);
        assertThat(uids(query(A, QidoResource.ALL_SERIES, null, null, "PatientID", "P1", "Modality", "MR"),
                SERIES_UID)).containsExactly(A2_MR1, A2_MR2);
    }

    @Test
    void instancesAtEveryScope() {
        List<DicomDataset> ct = query(A, QidoResource.SERIES_INSTANCES, A1, A1_CT);
        assertThat(uids(ct, SOP_UID)).containsExactly(A1_CT + ".1", A1_CT + ".2", A1_CT + ".3", A1_CT + ".4");
        assertThat(value(ct.get(0), TagFromName.Rows)).isEqualTo("512");
        assertThat(uids(query(A, QidoResource.STUDY_INSTANCES, A1, null), SOP_UID))
                .containsExactly(A1_CT + ".1", A1_CT + ".2", A1_CT + ".3", A1_CT + ".4", A1_SR + ".1");
        assertThat(uids(query(A, QidoResource.ALL_INSTANCES, null, null, "SOPClassUID", SR), SOP_UID))
                .containsExactly(A1_SR + ".1");
        assertThat(uids(query(A, QidoResource.ALL_INSTANCES, null, null, "InstanceNumber", "3"), SOP_UID))
                .containsExactly(A2_MR1 + ".3", A1_CT + ".3", A3_CT + ".3");
        assertThat(uids(query(A, QidoResource.ALL_INSTANCES, null, null, "SOPInstanceUID", A4_US + ".2"), SOP_UID))
                .containsExactly(A4_US + ".2");
        assertThat(uids(query(A, QidoResource.STUDY_INSTANCES, A2, null, "Modality", "MR", "InstanceNumber", "1"),
                SOP_UID)).containsExactly(A2_MR1 + ".1", A2_MR2 + ".1");
    }

    @Test
    void theResultNamesTheStudiesItsPageDisclosesWithTheirStoredPatient() {
        QidoResult page = search.search(A, parser.parse(QidoResource.ALL_STUDIES, Optional.empty(), Optional.empty(),
                Map.of("PatientID", List.of("P1"), "limit", List.of("1"), "includefield", List.of("StudyDate"))));
        assertThat(uids(page.matches(), STUDY_UID)).containsExactly(A2);
        assertThat(page.studies()).containsOnlyKeys(A2);
        assertThat(page.studies().get(A2).first(of(TagFromName.PatientID))).isEqualTo("P1");

        QidoResult series = search.search(A, parser.parse(QidoResource.STUDY_SERIES, Optional.of(A1), Optional.empty(),
                Map.of()));
        assertThat(series.studies()).containsOnlyKeys(A1);
        QidoResult instances = search.search(A, parser.parse(QidoResource.ALL_INSTANCES, Optional.empty(),
                Optional.empty(), Map.of("InstanceNumber", List.of("3"))));
        assertThat(instances.studies()).containsOnlyKeys(A2, A1, A3);
        QidoResult none = search.search(A, parser.parse(QidoResource.ALL_STUDIES, Optional.empty(), Optional.empty(),
                Map.of("PatientID", List.of("nobody"))));
        assertThat(none.studies()).isEmpty();
    }

    @Test
    void limitAndOffsetPageThroughAStableOrder() {
        assertThat(studies(A, "limit", "2")).containsExactly(A2, A1);
        assertThat(studies(A, "limit", "2", "offset", "2")).containsExactly(A3, A4);
        assertThat(studies(A, "limit", "2", "offset", "4")).isEmpty();
        List<String> pages = new ArrayList<>();
        for (int offset = 0; offset < 20; offset += 4) {
            pages.addAll(uids(query(A, QidoResource.ALL_INSTANCES, null, null, "limit", "4", "offset",
                    Integer.toString(offset)), SOP_UID));
        }
        assertThat(pages).hasSize(15).doesNotHaveDuplicates()
                .isEqualTo(uids(query(A, QidoResource.ALL_INSTANCES, null, null), SOP_UID));
    }

    @Test
    void replayingEveryEventTwiceChangesNothing() {
        List<DicomDataset> studiesBefore = query(A, QidoResource.ALL_STUDIES, null, null, "includefield", "all");
        List<DicomDataset> seriesBefore = query(B, QidoResource.ALL_SERIES, null, null, "includefield", "all");
        List<DicomDataset> instancesBefore = query(A, QidoResource.ALL_INSTANCES, null, null);
        List<IndexedInstance> events = StudyIndexFixture.all();
        events.forEach(this::redeliver);
        List<IndexedInstance> reversed = new ArrayList<>(events);
        java.util.Collections.reverse(reversed);
        reversed.forEach(this::redeliver); // the order of redelivery must not matter either
        assertThat(query(A, QidoResource.ALL_STUDIES, null, null, "includefield", "all")).isEqualTo(studiesBefore);
        assertThat(query(B, QidoResource.ALL_SERIES, null, null, "includefield", "all")).isEqualTo(seriesBefore);
        assertThat(query(A, QidoResource.ALL_INSTANCES, null, null)).isEqualTo(instancesBefore);
        DicomDataset a1 = query(A, QidoResource.ALL_STUDIES, null, null, "StudyInstanceUID", A1).get(0);
        assertThat(value(a1, TagFromName.NumberOfStudyRelatedSeries)).isEqualTo("2");
        assertThat(value(a1, TagFromName.NumberOfStudyRelatedInstances)).isEqualTo("5");
    }

    @Test
    void tenantsNeverSeeEachOther() {
        // The study UID both tenants hold resolves to each tenant's own copy.
        DicomDataset b1 = query(B, QidoResource.ALL_STUDIES, null, null, "StudyInstanceUID", B1).get(0);
        assertThat(value(b1, TagFromName.PatientName)).isEqualTo("Doe^Jane");
        assertThat(value(b1, TagFromName.NumberOfStudyRelatedInstances)).isEqualTo("2");
        assertThat(uids(query(B, QidoResource.STUDY_SERIES, B1, null), SERIES_UID)).containsExactly(B1_CT);
        assertThat(uids(query(A, QidoResource.STUDY_SERIES, A1, null), SERIES_UID)).containsExactly(A1_CT, A1_SR);
        assertThat(query(B, QidoResource.SERIES_INSTANCES, A1, A1_CT)).isEmpty();

        List<String> everythingOfA = new ArrayList<>();
        for (QidoResource r : List.of(QidoResource.ALL_STUDIES, QidoResource.ALL_SERIES, QidoResource.ALL_INSTANCES)) {
            query(A, r, null, null).forEach(d -> {
                everythingOfA.add(d.first(SERIES_UID));
                everythingOfA.add(d.first(SOP_UID));
            });
        }
        everythingOfA.removeIf(String::isEmpty);
        String[][] probes = {
                {}, {"PatientID", "P1"}, {"PatientID", "P2"}, {"AccessionNumber", "ACC2"},
                {"PatientName", "*"}, {"PatientName", "Smith*"}, {"StudyDate", "19000101-"},
                {"ModalitiesInStudy", "US"}, {"StudyInstanceUID", A2 + "," + A3},
        };
        for (String[] probe : probes) {
            List<String> bStudies = studies(B, probe);
            assertThat(bStudies).doesNotContain(A2, A3, A4);
            for (QidoResource r : List.of(QidoResource.ALL_SERIES, QidoResource.ALL_INSTANCES)) {
                for (DicomDataset d : query(B, r, null, null, probe)) {
                    assertThat(everythingOfA).doesNotContain(d.first(SERIES_UID), d.first(SOP_UID));
                    assertThat(d.first(of(TagFromName.PatientName))).isNotIn("Smith^Anna=スミス^アンナ", "O'Neil^Pat");
                }
            }
            for (QidoResource r : QidoResource.values()) {
                String study = r == QidoResource.STUDY_SERIES || r == QidoResource.STUDY_INSTANCES
                        || r == QidoResource.SERIES_INSTANCES ? A1 : null;
                String series = r == QidoResource.SERIES_INSTANCES ? A1_CT : null;
                assertThat(query(EMPTY, r, study, series, probe)).isEmpty();
            }
        }
    }
}
