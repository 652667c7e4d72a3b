package io.custos.query.index;

import static io.custos.query.dicom.DicomTags.of;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.domain.TenantId;
import io.custos.query.dicom.DicomAttribute;
import io.custos.query.dicom.DicomDataset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Reads the study index. Every read names the tenant in the partition key, so a query can never reach
 * another tenant's partitions; the tenant comes from the caller's authenticated principal, never a parameter.
 */
public final class StudyIndexStore {

    private static final int MODALITIES_IN_STUDY = of(TagFromName.ModalitiesInStudy);
    /** Study rows read concurrently per round when a lookup partition names more studies than are needed. */
    private static final int LOOKUP_WINDOW = 64;

    private final CqlSession session;
    private final String ks;
    private final Map<String, PreparedStatement> studyQueries = new ConcurrentHashMap<>();
    private final PreparedStatement studyByUid;
    private final PreparedStatement seriesOfStudy;
    private final PreparedStatement instancesOfStudy;
    private final PreparedStatement instancesOfSeries;
    private final PreparedStatement instanceCounts;
    private final PreparedStatement tenantsOfStudy;
    private final PreparedStatement lookup;

    public StudyIndexStore(CqlSession session, String keyspace) {
        this.session = session;
        this.ks = StudyIndexSchema.checkedKeyspace(keyspace);
        this.studyByUid = session.prepare("SELECT study_uid, modalities, attrs, patient_id, accession_number,"
                + " study_date FROM " + ks + "." + StudyIndexSchema.STUDY_TABLE
                + " WHERE tenant = ? AND bucket = ? AND study_uid = ?");
        this.lookup = session.prepare("SELECT study_uid FROM " + ks + "." + StudyIndexSchema.STUDY_LOOKUP_TABLE
                + " WHERE tenant = ? AND key_name = ? AND key_value = ?");
        this.seriesOfStudy = session.prepare("SELECT study_uid, series_uid, attrs FROM " + ks + "."
                + StudyIndexSchema.SERIES_TABLE + " WHERE tenant = ? AND study_uid = ?");
        this.instancesOfStudy = session.prepare("SELECT study_uid, series_uid, sop_uid, attrs FROM " + ks + "."
                + StudyIndexSchema.INSTANCE_TABLE + " WHERE tenant = ? AND study_uid = ?");
        this.instancesOfSeries = session.prepare("SELECT study_uid, series_uid, sop_uid, attrs FROM " + ks + "."
                + StudyIndexSchema.INSTANCE_TABLE + " WHERE tenant = ? AND study_uid = ? AND series_uid = ?");
        // Server-side aggregation over the clustering key: one small row per series, whatever the study size.
        this.instanceCounts = session.prepare("SELECT series_uid, COUNT(*) AS n FROM " + ks + "."
                + StudyIndexSchema.INSTANCE_TABLE + " WHERE tenant = ? AND study_uid = ? GROUP BY series_uid");
        this.tenantsOfStudy = session.prepare("SELECT tenant FROM " + ks + "." + StudyIndexSchema.STUDY_TENANTS_TABLE
                + " WHERE study_uid = ?");
    }

    /**
     * Whether a tenant other than {@code tenant} holds this study. Only for the access trail (a request that
     * names another tenant's study is recorded as a cross-tenant attempt); never used to answer a request,
     * which must look exactly as if the study did not exist.
     */
    public boolean heldByAnotherTenant(TenantId tenant, String studyUid) {
        for (Row r : session.execute(tenantsOfStudy.bind(studyUid))) {
            if (!tenant.value().equals(r.getString("tenant"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Studies of the tenant narrowed by the filter; at most {@code maxRows} rows.
     *
     * <p>With a PatientID or AccessionNumber value (selective equality keys) the candidates are the studies of
     * that value's lookup partition, read by their keys and kept when their stored row matches every part of the
     * filter (a lookup row can outlive a value the study no longer has). Otherwise (date range, modality, no
     * filter) it is one SAI query per bucket, run concurrently, so that Cassandra only ever reads the tenant's
     * own partitions, however many rows of other tenants share a date or modality.
     */
    public List<StudyRow> findStudies(TenantId tenant, StudyFilter filter, int maxRows) {
        Optional<StudyLookupKey> key = filter.lookupKey();
        if (key.isPresent()) {
            return admittedStudies(tenant, studiesUnder(tenant, key.get()), filter, maxRows);
        }
        PreparedStatement query = studyQuery(filter);
        List<CompletableFuture<List<StudyRow>>> buckets = new ArrayList<>();
        for (int bucket = 0; bucket < StudyIndexSchema.STUDY_BUCKETS; bucket++) {
            BoundStatementBuilder b = bind(query, tenant, filter, maxRows).setInt("bucket", bucket);
            buckets.add(collect(session.executeAsync(b.build()), StudyIndexStore::studyRow));
        }
        List<StudyRow> rows = new ArrayList<>();
        for (CompletableFuture<List<StudyRow>> f : buckets) {
            rows.addAll(f.join());
        }
        return rows;
    }

    /**
     * The studies indexed under a PatientID or AccessionNumber value: one read of its lookup partition. A study
     * may have been indexed under a value it no longer carries; {@link #admittedStudies} checks its stored row.
     */
    public List<String> studiesUnder(TenantId tenant, StudyLookupKey key) {
        return collect(session.executeAsync(lookup.bind(tenant.value(), key.name(), key.value())),
                r -> r.getString("study_uid")).join();
    }

    /**
     * The rows of the named studies whose stored columns match every part of the filter; at most {@code maxRows}.
     * Read in windows, so that a value shared by thousands of studies (an "UNKNOWN" PatientID) reads no more
     * study rows than it takes to fill {@code maxRows}.
     */
    public List<StudyRow> admittedStudies(TenantId tenant, List<String> studyUids, StudyFilter filter, int maxRows) {
        List<StudyRow> rows = new ArrayList<>();
        for (int from = 0; from < studyUids.size() && rows.size() < maxRows; from += LOOKUP_WINDOW) {
            List<CompletableFuture<List<Optional<StudyRow>>>> window = new ArrayList<>();
            for (String uid : studyUids.subList(from, Math.min(studyUids.size(), from + LOOKUP_WINDOW))) {
                window.add(collect(session.executeAsync(studyByUid.bind(tenant.value(),
                        StudyIndexSchema.bucketOf(uid), uid)), r -> admitted(filter, r)));
            }
            for (CompletableFuture<List<Optional<StudyRow>>> f : window) {
                f.join().forEach(row -> row.ifPresent(rows::add));
            }
        }
        return rows.size() > maxRows ? rows.subList(0, maxRows) : rows;
    }

    private static Optional<StudyRow> admitted(StudyFilter filter, Row r) {
        return filter.admits(r.getString("patient_id"), r.getString("accession_number"),
                r.getLocalDate("study_date"), r.getSet("modalities", String.class))
                ? Optional.of(studyRow(r)) : Optional.empty();
    }

    private static BoundStatementBuilder bind(PreparedStatement query, TenantId tenant, StudyFilter filter,
                                              int maxRows) {
        BoundStatementBuilder b = query.boundStatementBuilder()
                .setString("tenant", tenant.value())
                .setInt("max_rows", maxRows);
        filter.studyDateFrom().ifPresent(v -> b.setLocalDate("date_from", v));
        filter.studyDateTo().ifPresent(v -> b.setLocalDate("date_to", v));
        filter.modality().ifPresent(v -> b.setString("modality", v));
        return b;
    }

    public List<StudyRow> studiesByUid(TenantId tenant, Collection<String> studyUids) {
        List<CompletableFuture<List<StudyRow>>> lookups = new ArrayList<>();
        for (String uid : new TreeSet<>(studyUids)) {
            lookups.add(collect(session.executeAsync(studyByUid.bind(tenant.value(),
                    StudyIndexSchema.bucketOf(uid), uid)), StudyIndexStore::studyRow));
        }
        List<StudyRow> rows = new ArrayList<>();
        lookups.forEach(f -> rows.addAll(f.join()));
        return rows;
    }

    public CompletableFuture<List<SeriesRow>> series(TenantId tenant, String studyUid) {
        return collect(session.executeAsync(seriesOfStudy.bind(tenant.value(), studyUid)),
                r -> new SeriesRow(r.getString("study_uid"), r.getString("series_uid"),
                        AttributeBlobCodec.decode(r.getByteBuffer("attrs"))));
    }

    public CompletableFuture<List<InstanceRow>> instances(TenantId tenant, String studyUid,
                                                          Optional<String> seriesUid) {
        var statement = seriesUid.isPresent()
                ? instancesOfSeries.bind(tenant.value(), studyUid, seriesUid.get())
                : instancesOfStudy.bind(tenant.value(), studyUid);
        return collect(session.executeAsync(statement),
                r -> new InstanceRow(r.getString("study_uid"), r.getString("series_uid"), r.getString("sop_uid"),
                        AttributeBlobCodec.decode(r.getByteBuffer("attrs"))));
    }

    /** Instances per series of a study, counted from the instance partition (so replays never inflate it). */
    public CompletableFuture<Map<String, Integer>> instanceCountsBySeries(TenantId tenant, String studyUid) {
        return collect(session.executeAsync(instanceCounts.bind(tenant.value(), studyUid)),
                r -> Map.entry(r.getString("series_uid"), (int) r.getLong("n")))
                .thenApply(entries -> {
                    Map<String, Integer> counts = new HashMap<>();
                    entries.forEach(e -> counts.put(e.getKey(), e.getValue()));
                    return counts;
                });
    }

    private PreparedStatement studyQuery(StudyFilter f) {
        StringBuilder cql = new StringBuilder("SELECT study_uid, modalities, attrs FROM ").append(ks)
                .append('.').append(StudyIndexSchema.STUDY_TABLE).append(" WHERE tenant = :tenant AND bucket = :bucket");
        f.studyDateFrom().ifPresent(v -> cql.append(" AND study_date >= :date_from"));
        f.studyDateTo().ifPresent(v -> cql.append(" AND study_date <= :date_to"));
        f.modality().ifPresent(v -> cql.append(" AND modalities CONTAINS :modality"));
        cql.append(" LIMIT :max_rows");
        return studyQueries.computeIfAbsent(cql.toString(), session::prepare);
    }

    private static StudyRow studyRow(Row r) {
        DicomDataset attrs = AttributeBlobCodec.decode(r.getByteBuffer("attrs"));
        Set<String> modalities = new TreeSet<>(r.getSet("modalities", String.class));
        if (!modalities.isEmpty()) {
            attrs = attrs.with(new DicomAttribute(MODALITIES_IN_STUDY, "CS", List.copyOf(modalities)));
        }
        return new StudyRow(r.getString("study_uid"), attrs);
    }

    /** Reads every page of an async result. */
    private static <T> CompletableFuture<List<T>> collect(CompletionStage<AsyncResultSet> first,
                                                          Function<Row, T> mapper) {
        List<T> out = new ArrayList<>();
        return first.thenCompose(rs -> drain(rs, mapper, out)).toCompletableFuture();
    }

    private static <T> CompletionStage<List<T>> drain(AsyncResultSet rs, Function<Row, T> mapper, List<T> out) {
        for (Row row : rs.currentPage()) {
            out.add(mapper.apply(row));
        }
        if (rs.hasMorePages()) {
            return rs.fetchNextPage().thenCompose(next -> drain(next, mapper, out));
        }
        return CompletableFuture.completedFuture(out);
    }
}
