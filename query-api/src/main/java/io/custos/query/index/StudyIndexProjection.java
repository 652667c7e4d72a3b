package io.custos.query.index;

import io.custos.archive.domain.TenantId;
import io.custos.query.cassandra.UnloggedBatches;
import static io.custos.query.dicom.DicomTags.of;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.pixelmed.dicom.TagFromName;
import io.custos.query.dicom.DicomDataset;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Writes one stored instance into the study index: its study row, series row and instance row, and the lookup
 * rows that find its study by PatientID and AccessionNumber.
 *
 * <p>Every write is an idempotent upsert stamped {@code USING TIMESTAMP} with the event time, so replaying
 * the same events (a processor reset, a redelivery) converges to the same rows in any order, and the latest
 * event wins for study- and series-level values. Nothing is counted at write time: the related-series and
 * related-instance counts are computed from the instance partition when read, and ModalitiesInStudy is a
 * set, so replays cannot double count. Absent values are left unset (no tombstones).
 */
public final class StudyIndexProjection {

    private static final int MODALITY = of(TagFromName.Modality);
    private static final int SERIES_NUMBER = of(TagFromName.SeriesNumber);
    private static final int INSTANCE_NUMBER = of(TagFromName.InstanceNumber);
    private static final int PATIENT_ID = of(TagFromName.PatientID);
    private static final int ACCESSION_NUMBER = of(TagFromName.AccessionNumber);
    private static final int STUDY_DATE = of(TagFromName.StudyDate);

    private final PreparedStatement upsertStudy;
    private final PreparedStatement upsertSeries;
    private final PreparedStatement upsertInstance;
    private final PreparedStatement upsertStudyTenant;
    private final PreparedStatement upsertLookup;
    private final PreparedStatement deleteLookup;
    private final PreparedStatement lookupHistory;
    private final List<PreparedStatement> deleteStudy;
    private final UnloggedBatches batches;
    private final CqlSession session;

    public StudyIndexProjection(CqlSession session, String keyspace) {
        String ks = StudyIndexSchema.checkedKeyspace(keyspace);
        this.session = session;
        this.batches = new UnloggedBatches(session);
        this.upsertStudy = session.prepare("UPDATE " + ks + "." + StudyIndexSchema.STUDY_TABLE
                + " USING TIMESTAMP :ts SET region = :region, patient_id = :patient_id,"
                + " accession_number = :accession_number, study_date = :study_date,"
                + " modalities = modalities + :modalities, attrs = :attrs, updated_at = :updated_at,"
                + " patient_ids = patient_ids + :patient_ids,"
                + " accession_numbers = accession_numbers + :accession_numbers"
                + " WHERE tenant = :tenant AND bucket = :bucket AND study_uid = :study_uid");
        this.upsertSeries = session.prepare("UPDATE " + ks + "." + StudyIndexSchema.SERIES_TABLE
                + " USING TIMESTAMP :ts SET modality = :modality, series_number = :series_number,"
                + " attrs = :attrs, updated_at = :updated_at"
                + " WHERE tenant = :tenant AND study_uid = :study_uid AND series_uid = :series_uid");
        this.upsertInstance = session.prepare("INSERT INTO " + ks + "." + StudyIndexSchema.INSTANCE_TABLE
                + " (tenant, study_uid, series_uid, sop_uid, sop_class_uid, instance_number, transfer_syntax,"
                + " size_bytes, stored_at, attrs) VALUES (:tenant, :study_uid, :series_uid, :sop_uid,"
                + " :sop_class_uid, :instance_number, :transfer_syntax, :size_bytes, :stored_at, :attrs)"
                + " USING TIMESTAMP :ts");
        this.upsertStudyTenant = session.prepare("INSERT INTO " + ks + "." + StudyIndexSchema.STUDY_TENANTS_TABLE
                + " (study_uid, tenant) VALUES (:study_uid, :tenant) USING TIMESTAMP :ts");
        this.upsertLookup = session.prepare("INSERT INTO " + ks + "." + StudyIndexSchema.STUDY_LOOKUP_TABLE
                + " (tenant, key_name, key_value, study_uid) VALUES (:tenant, :key_name, :key_value, :study_uid)"
                + " USING TIMESTAMP :ts");
        this.deleteLookup = session.prepare("DELETE FROM " + ks + "." + StudyIndexSchema.STUDY_LOOKUP_TABLE
                + " USING TIMESTAMP :ts WHERE tenant = :tenant AND key_name = :key_name AND key_value = :key_value"
                + " AND study_uid = :study_uid");
        this.lookupHistory = session.prepare("SELECT patient_ids, accession_numbers FROM " + ks + "."
                + StudyIndexSchema.STUDY_TABLE + " WHERE tenant = ? AND bucket = ? AND study_uid = ?");
        // Stamped with the deletion's event time: every row written for the study before it is shadowed, in any
        // replay order, and an instance row can never come back after its study's deletion.
        this.deleteStudy = List.of(
                session.prepare("DELETE FROM " + ks + "." + StudyIndexSchema.STUDY_TABLE + " USING TIMESTAMP :ts"
                        + " WHERE tenant = :tenant AND bucket = :bucket AND study_uid = :study_uid"),
                session.prepare("DELETE FROM " + ks + "." + StudyIndexSchema.SERIES_TABLE + " USING TIMESTAMP :ts"
                        + " WHERE tenant = :tenant AND study_uid = :study_uid"),
                session.prepare("DELETE FROM " + ks + "." + StudyIndexSchema.INSTANCE_TABLE + " USING TIMESTAMP :ts"
                        + " WHERE tenant = :tenant AND study_uid = :study_uid"),
                session.prepare("DELETE FROM " + ks + "." + StudyIndexSchema.STUDY_TENANTS_TABLE
                        + " USING TIMESTAMP :ts WHERE study_uid = :study_uid AND tenant = :tenant"));
    }

    /**
     * The deletes that remove every row of a deleted study, to be sent with {@link #write}: its study, series,
     * instance and study-tenant rows, and the lookup rows of {@code lookupKeys} (every value it was indexed
     * under: {@link #storedLookupKeys} plus those of rows not yet written).
     */
    public List<BoundStatement> removalOf(TenantId tenant, String studyUid, java.time.Instant deletedAt,
                                          Collection<StudyLookupKey> lookupKeys) {
        long ts = ChronoUnit.MICROS.between(java.time.Instant.EPOCH, deletedAt);
        List<BoundStatement> deletes = new ArrayList<>();
        for (PreparedStatement statement : deleteStudy) {
            BoundStatementBuilder b = statement.boundStatementBuilder()
                    .setLong("ts", ts)
                    .setString("tenant", tenant.value())
                    .setString("study_uid", studyUid)
                    .setIdempotence(true);
            if (statement.getVariableDefinitions().contains("bucket")) {
                b.setInt("bucket", StudyIndexSchema.bucketOf(studyUid));
            }
            deletes.add(b.build());
        }
        for (StudyLookupKey key : new LinkedHashSet<>(lookupKeys)) {
            deletes.add(lookupRow(deleteLookup, tenant, key, studyUid, ts));
        }
        return deletes;
    }

    /** Every lookup value the stored study row remembers; empty for a study the index does not hold. */
    public Set<StudyLookupKey> storedLookupKeys(TenantId tenant, String studyUid) {
        Row row = session.execute(lookupHistory.bind(tenant.value(), StudyIndexSchema.bucketOf(studyUid), studyUid))
                .one();
        Set<StudyLookupKey> keys = new LinkedHashSet<>();
        if (row != null) {
            row.getSet("patient_ids", String.class).forEach(v -> keys.add(StudyLookupKey.patientId(v)));
            row.getSet("accession_numbers", String.class).forEach(v -> keys.add(StudyLookupKey.accessionNumber(v)));
        }
        return keys;
    }

    private static List<StudyLookupKey> lookupKeys(DicomDataset study) {
        List<StudyLookupKey> keys = new ArrayList<>(2);
        String patientId = study.first(PATIENT_ID);
        if (!patientId.isEmpty()) {
            keys.add(StudyLookupKey.patientId(patientId));
        }
        String accession = study.first(ACCESSION_NUMBER);
        if (!accession.isEmpty()) {
            keys.add(StudyLookupKey.accessionNumber(accession));
        }
        return keys;
    }

    private static BoundStatement lookupRow(PreparedStatement statement, TenantId tenant, StudyLookupKey key,
                                            String studyUid, long ts) {
        return statement.boundStatementBuilder()
                .setLong("ts", ts)
                .setString("tenant", tenant.value())
                .setString("key_name", key.name())
                .setString("key_value", key.value())
                .setString("study_uid", studyUid)
                .setIdempotence(true)
                .build();
    }

    /**
     * What one instance writes: the upserts of its study, series, instance, study-tenant and lookup rows (to be
     * sent with {@link #write}), and the lookup values it indexes its study under (its PatientID and
     * AccessionNumber, where present), which a deletion in the same batch must remove.
     */
    public record InstanceRows(List<BoundStatement> statements, List<StudyLookupKey> lookupKeys) {
    }

    /** The rows of an instance; its attributes are split into levels once for all of them. */
    public InstanceRows rowsOf(IndexedInstance instance) {
        Map<IndexLevel, DicomDataset> levels = LevelDatasets.split(instance);
        long writeTime = ChronoUnit.MICROS.between(java.time.Instant.EPOCH, instance.storedAt());
        List<StudyLookupKey> lookupKeys = lookupKeys(levels.get(IndexLevel.STUDY));
        List<BoundStatement> rows = new ArrayList<>(4 + lookupKeys.size());
        rows.add(studyRow(instance, levels.get(IndexLevel.STUDY), levels.get(IndexLevel.SERIES), lookupKeys,
                writeTime));
        rows.add(seriesRow(instance, levels.get(IndexLevel.SERIES), writeTime));
        rows.add(instanceRow(instance, levels.get(IndexLevel.INSTANCE), writeTime));
        rows.add(upsertStudyTenant.boundStatementBuilder()
                .setString("study_uid", instance.study().value())
                .setString("tenant", instance.tenant().value())
                .setLong("ts", writeTime)
                .setIdempotence(true)
                .build());
        for (StudyLookupKey key : lookupKeys) {
            rows.add(lookupRow(upsertLookup, instance.tenant(), key, instance.study().value(), writeTime));
        }
        return new InstanceRows(rows, lookupKeys);
    }

    /**
     * Sends rows from {@link #rowsOf} and {@link #removalOf}, of any number of events, in as few requests as the
     * batch limits allow. Every row carries its event's write time, so the order they are applied in does not
     * matter.
     */
    public CompletableFuture<Void> write(List<BoundStatement> rows) {
        return batches.write(rows);
    }

    private BoundStatement studyRow(IndexedInstance i, DicomDataset study, DicomDataset series,
                                    List<StudyLookupKey> lookupKeys, long ts) {
        String studyUid = i.study().value();
        BoundStatementBuilder b = upsertStudy.boundStatementBuilder()
                .setLong("ts", ts)
                .setString("tenant", i.tenant().value())
                .setInt("bucket", StudyIndexSchema.bucketOf(studyUid))
                .setString("study_uid", studyUid)
                .setString("region", i.region().value())
                .setByteBuffer("attrs", AttributeBlobCodec.encode(study))
                .setInstant("updated_at", i.storedAt())
                .setIdempotence(true);
        setIfPresent(b, "patient_id", study.first(PATIENT_ID));
        setIfPresent(b, "accession_number", study.first(ACCESSION_NUMBER));
        parseDate(study.first(STUDY_DATE)).ifPresent(d -> b.setLocalDate("study_date", d));
        String modality = series.first(MODALITY);
        if (!modality.isEmpty()) {
            b.setSet("modalities", Set.of(modality), String.class);
        }
        for (StudyLookupKey key : lookupKeys) {
            b.setSet(key.historyColumn(), Set.of(key.value()), String.class);
        }
        return b.build();
    }

    private BoundStatement seriesRow(IndexedInstance i, DicomDataset series, long ts) {
        BoundStatementBuilder b = upsertSeries.boundStatementBuilder()
                .setLong("ts", ts)
                .setString("tenant", i.tenant().value())
                .setString("study_uid", i.study().value())
                .setString("series_uid", i.series().value())
                .setByteBuffer("attrs", AttributeBlobCodec.encode(series))
                .setInstant("updated_at", i.storedAt())
                .setIdempotence(true);
        setIfPresent(b, "modality", series.first(MODALITY));
        parseInt(series.first(SERIES_NUMBER)).ifPresent(n -> b.setInt("series_number", n));
        return b.build();
    }

    private BoundStatement instanceRow(IndexedInstance i, DicomDataset sop, long ts) {
        BoundStatementBuilder b = upsertInstance.boundStatementBuilder()
                .setLong("ts", ts)
                .setString("tenant", i.tenant().value())
                .setString("study_uid", i.study().value())
                .setString("series_uid", i.series().value())
                .setString("sop_uid", i.sop().value())
                .setString("sop_class_uid", i.sopClass().value())
                .setString("transfer_syntax", i.ts().value())
                .setLong("size_bytes", i.sizeBytes())
                .setInstant("stored_at", i.storedAt())
                .setByteBuffer("attrs", AttributeBlobCodec.encode(sop))
                .setIdempotence(true);
        parseInt(sop.first(INSTANCE_NUMBER)).ifPresent(n -> b.setInt("instance_number", n));
        return b.build();
    }

    private static void setIfPresent(BoundStatementBuilder b, String column, String value) {
        if (!value.isEmpty()) {
            b.setString(column, value);
        }
    }

    /** DA is YYYYMMDD (PS3.5 6.2); an unparseable date is simply not indexed for range pushdown. */
    static java.util.Optional<LocalDate> parseDate(String da) {
        if (da.length() != 8) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(LocalDate.parse(da, DateTimeFormatter.BASIC_ISO_DATE));
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    private static java.util.Optional<Integer> parseInt(String is) {
        try {
            return is.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Integer.parseInt(is.strip()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
