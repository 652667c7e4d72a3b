package io.custos.query.qido;

import static io.custos.query.dicom.DicomTags.of;

import com.pixelmed.dicom.TagFromName;
import io.custos.archive.domain.TenantId;
import io.custos.query.dicom.DicomAttribute;
import io.custos.query.dicom.DicomDataset;
import io.custos.query.index.IndexLevel;
import io.custos.query.index.InstanceRow;
import io.custos.query.index.SeriesRow;
import io.custos.query.index.StudyFilter;
import io.custos.query.index.StudyIndexStore;
import io.custos.query.index.StudyLookupKey;
import io.custos.query.index.StudyRow;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * QIDO-RS over the Cassandra study index. Cassandra narrows the studies with partition keys and SAI
 * indexes (tenant always in the key); every matching key is then evaluated exactly, per PS3.4 C.2.2.2, on the
 * stored attributes, so pushdown is only an optimisation. Results are sorted in a total order (studies:
 * StudyDate, StudyTime newest first, then UID; series: SeriesNumber then UID; instances: InstanceNumber then
 * UID) before limit/offset, so pages do not overlap or skip.
 */
public final class IndexedQidoSearch implements QidoSearch {

    public static final String TRUNCATED_WARNING =
            "299 custos: The search matched more studies than the server evaluates; narrow the query";

    private static final int STUDY_DATE = of(TagFromName.StudyDate);
    private static final int STUDY_TIME = of(TagFromName.StudyTime);
    private static final int STUDY_UID = of(TagFromName.StudyInstanceUID);
    private static final int PATIENT_ID = of(TagFromName.PatientID);
    private static final int ACCESSION_NUMBER = of(TagFromName.AccessionNumber);
    private static final int SERIES_NUMBER = of(TagFromName.SeriesNumber);
    private static final int INSTANCE_NUMBER = of(TagFromName.InstanceNumber);
    /**
     * Concurrent per-study reads in flight; keeps a broad search from flooding the driver's connections
     * (1,024 requests per connection by default) while a page of 100 studies still needs a single wave.
     */
    private static final int WINDOW = 128;

    private static final Comparator<StudyRow> STUDY_ORDER = Comparator
            .comparing((StudyRow s) -> s.attributes().first(STUDY_DATE), Comparator.reverseOrder())
            .thenComparing(s -> s.attributes().first(STUDY_TIME), Comparator.reverseOrder())
            .thenComparing(StudyRow::studyUid);

    private final StudyIndexStore store;
    private final int maxStudyCandidates;

    /** @param maxStudyCandidates most studies one search evaluates; beyond it the result is partial, with a Warning */
    public IndexedQidoSearch(StudyIndexStore store, int maxStudyCandidates) {
        this.store = store;
        this.maxStudyCandidates = maxStudyCandidates;
    }

    @Override
    public QidoResult search(TenantId tenant, QidoQuery query) {
        List<String> warnings = new ArrayList<>(query.warnings());
        Candidates candidates = candidateStudies(tenant, query, warnings);
        List<StudyRow> studies = candidates.rows().stream()
                .filter(s -> query.studyUid().map(s.studyUid()::equals).orElse(true))
                .filter(s -> matchesLevel(query, IndexLevel.STUDY, s.attributes()))
                .sorted(STUDY_ORDER)
                .toList();
        List<Match> page = switch (query.resource().level()) {
            case STUDY -> studyResults(tenant, query, studies, candidates.counts());
            case SERIES -> seriesResults(tenant, query, studies);
            case INSTANCE -> instanceResults(tenant, query, studies);
        };
        Map<String, DicomDataset> disclosed = new HashMap<>();
        page.forEach(m -> disclosed.putIfAbsent(m.study().studyUid(), m.study().attributes()));
        return new QidoResult(page.stream().map(Match::dataset).toList(), warnings, disclosed);
    }

    private Candidates candidateStudies(TenantId tenant, QidoQuery query, List<String> warnings) {
        Optional<Collection<String>> uids = requestedStudyUids(query);
        if (uids.isPresent()) {
            Map<String, CompletableFuture<Map<String, Integer>>> counts = prefetchCounts(tenant, query, uids.get());
            return new Candidates(store.studiesByUid(tenant, uids.get()), counts);
        }
        StudyFilter filter = pushdown(query);
        Optional<StudyLookupKey> key = filter.lookupKey();
        List<StudyRow> rows;
        Map<String, CompletableFuture<Map<String, Integer>>> counts = Map.of();
        if (key.isPresent()) {
            List<String> named = store.studiesUnder(tenant, key.get());
            counts = prefetchCounts(tenant, query, named);
            rows = store.admittedStudies(tenant, named, filter, maxStudyCandidates + 1);
        } else {
            rows = store.findStudies(tenant, filter, maxStudyCandidates + 1);
        }
        if (rows.size() > maxStudyCandidates) {
            warnings.add(TRUNCATED_WARNING);
            rows = rows.stream().sorted(STUDY_ORDER).limit(maxStudyCandidates).toList();
        }
        return new Candidates(rows, counts);
    }

    /** The studies named by the path or by a StudyInstanceUID list, when the query names them. */
    private static Optional<Collection<String>> requestedStudyUids(QidoQuery query) {
        if (query.studyUid().isPresent()) {
            return Optional.of(List.of(query.studyUid().get()));
        }
        if (query.matcherFor(STUDY_UID).orElse(null) instanceof AttributeMatcher.AnyOf list) {
            return Optional.of(list.values());
        }
        return Optional.empty();
    }

    /**
     * When a study-level query names its studies (at most {@link #WINDOW}), by StudyInstanceUID or through a
     * PatientID or AccessionNumber lookup, their instance counts are read together with the study rows instead
     * of after them: one round trip less. Counts of a study that turns out not to match are simply not used.
     */
    private Map<String, CompletableFuture<Map<String, Integer>>> prefetchCounts(TenantId tenant, QidoQuery query,
                                                                                Collection<String> studyUids) {
        Map<String, CompletableFuture<Map<String, Integer>>> counts = new HashMap<>();
        if (query.resource().level() == IndexLevel.STUDY && studyUids.size() <= WINDOW) {
            studyUids.forEach(uid -> counts.put(uid, store.instanceCountsBySeries(tenant, uid)));
        }
        return counts;
    }

    /** The keys SAI can evaluate exactly: single literal values and StudyDate ranges. */
    static StudyFilter pushdown(QidoQuery query) {
        Optional<LocalDate> from = Optional.empty();
        Optional<LocalDate> to = Optional.empty();
        if (query.matcherFor(STUDY_DATE).orElse(null) instanceof AttributeMatcher.Range r) {
            from = r.lower().flatMap(IndexedQidoSearch::date);
            to = r.upper().flatMap(IndexedQidoSearch::date);
        }
        return new StudyFilter(single(query, PATIENT_ID), single(query, ACCESSION_NUMBER), from, to,
                single(query, QidoQueryParser.MODALITIES_IN_STUDY));
    }

    private static Optional<String> single(QidoQuery query, int tag) {
        if (query.matcherFor(tag).orElse(null) instanceof AttributeMatcher.AnyOf a
                && !a.personName() && a.values().size() == 1) {
            return Optional.of(a.values().iterator().next());
        }
        return Optional.empty();
    }

    private static Optional<LocalDate> date(String normalisedDa) {
        try {
            return Optional.of(LocalDate.parse(normalisedDa, DateTimeFormatter.BASIC_ISO_DATE));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private List<Match> studyResults(TenantId tenant, QidoQuery query, List<StudyRow> studies,
                                     Map<String, CompletableFuture<Map<String, Integer>>> prefetched) {
        List<StudyRow> page = page(studies, query);
        List<Map<String, Integer>> counts = windowed(page, s -> Optional.ofNullable(prefetched.get(s.studyUid()))
                .orElseGet(() -> store.instanceCountsBySeries(tenant, s.studyUid())));
        List<Match> results = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            Map<String, Integer> c = counts.get(i);
            DicomDataset full = page.get(i).attributes().with(
                    integer(ResponseAttributes.NUMBER_OF_STUDY_RELATED_SERIES, c.size()),
                    integer(ResponseAttributes.NUMBER_OF_STUDY_RELATED_INSTANCES,
                            c.values().stream().mapToInt(Integer::intValue).sum()));
            results.add(new Match(page.get(i), ResponseAttributes.shape(full, query)));
        }
        return results;
    }

    private List<Match> seriesResults(TenantId tenant, QidoQuery query, List<StudyRow> studies) {
        List<List<SeriesRow>> perStudy = windowed(studies, s -> store.series(tenant, s.studyUid()));
        List<Ranked<SeriesRow>> matches = new ArrayList<>();
        for (int i = 0; i < studies.size(); i++) {
            for (SeriesRow series : perStudy.get(i)) {
                if (query.seriesUid().map(series.seriesUid()::equals).orElse(true)
                        && matchesLevel(query, IndexLevel.SERIES, series.attributes())) {
                    matches.add(new Ranked<>(i, 0, series));
                }
            }
        }
        matches.sort(Comparator.<Ranked<SeriesRow>>comparingInt(Ranked::studyRank)
                .thenComparing(r -> r.row().attributes(), numberThenNothing(SERIES_NUMBER))
                .thenComparing(r -> r.row().seriesUid()));
        List<Ranked<SeriesRow>> page = page(matches, query);
        Map<String, CompletableFuture<Map<String, Integer>>> counts = new HashMap<>();
        page.forEach(r -> counts.computeIfAbsent(r.row().studyUid(),
                uid -> store.instanceCountsBySeries(tenant, uid)));
        List<Match> results = new ArrayList<>();
        for (Ranked<SeriesRow> r : page) {
            StudyRow study = studies.get(r.studyRank());
            int n = counts.get(r.row().studyUid()).join().getOrDefault(r.row().seriesUid(), 0);
            DicomDataset full = study.attributes().merge(r.row().attributes())
                    .with(integer(ResponseAttributes.NUMBER_OF_SERIES_RELATED_INSTANCES, n));
            results.add(new Match(study, ResponseAttributes.shape(full, query)));
        }
        return results;
    }

    private List<Match> instanceResults(TenantId tenant, QidoQuery query, List<StudyRow> studies) {
        List<List<SeriesRow>> seriesPerStudy = windowed(studies, s -> store.series(tenant, s.studyUid()));
        List<List<InstanceRow>> instancesPerStudy = windowed(studies,
                s -> store.instances(tenant, s.studyUid(), query.seriesUid()));
        List<Ranked<InstanceRow>> matches = new ArrayList<>();
        List<Map<String, DicomDataset>> seriesByUid = new ArrayList<>();
        for (int i = 0; i < studies.size(); i++) {
            List<SeriesRow> series = new ArrayList<>(seriesPerStudy.get(i));
            series.sort(Comparator.comparing(SeriesRow::attributes, numberThenNothing(SERIES_NUMBER))
                    .thenComparing(SeriesRow::seriesUid));
            Map<String, Integer> seriesRank = new HashMap<>();
            Map<String, DicomDataset> attrs = new HashMap<>();
            for (int s = 0; s < series.size(); s++) {
                seriesRank.put(series.get(s).seriesUid(), s);
                attrs.put(series.get(s).seriesUid(), series.get(s).attributes());
            }
            seriesByUid.add(attrs);
            for (InstanceRow instance : instancesPerStudy.get(i)) {
                DicomDataset seriesAttrs = attrs.getOrDefault(instance.seriesUid(), DicomDataset.empty());
                if (matchesLevel(query, IndexLevel.SERIES, seriesAttrs)
                        && matchesLevel(query, IndexLevel.INSTANCE, instance.attributes())) {
                    matches.add(new Ranked<>(i, seriesRank.getOrDefault(instance.seriesUid(), Integer.MAX_VALUE),
                            instance));
                }
            }
        }
        matches.sort(Comparator.<Ranked<InstanceRow>>comparingInt(Ranked::studyRank)
                .thenComparingInt(Ranked::seriesRank)
                .thenComparing(r -> r.row().seriesUid())
                .thenComparing(r -> r.row().attributes(), numberThenNothing(INSTANCE_NUMBER))
                .thenComparing(r -> r.row().sopUid()));
        List<Match> results = new ArrayList<>();
        for (Ranked<InstanceRow> r : page(matches, query)) {
            StudyRow study = studies.get(r.studyRank());
            DicomDataset full = study.attributes()
                    .merge(seriesByUid.get(r.studyRank()).getOrDefault(r.row().seriesUid(), DicomDataset.empty()))
                    .merge(r.row().attributes());
            results.add(new Match(study, ResponseAttributes.shape(full, query)));
        }
        return results;
    }

    private static boolean matchesLevel(QidoQuery query, IndexLevel level, DicomDataset attributes) {
        for (AttributeMatcher m : query.matchers()) {
            if (QidoQueryParser.levelOf(m.tag()).orElseThrow() == level && !m.matches(attributes.get(m.tag()))) {
                return false;
            }
        }
        return true;
    }

    private static <T> List<T> page(List<T> all, QidoQuery query) {
        if (query.offset() >= all.size()) {
            return List.of();
        }
        return all.subList(query.offset(), (int) Math.min(all.size(), (long) query.offset() + query.limit()));
    }

    /** Runs one async read per item, at most {@link #WINDOW} at a time, and returns results in item order. */
    private static <T, R> List<R> windowed(List<T> items, Function<T, CompletableFuture<R>> read) {
        List<R> results = new ArrayList<>(items.size());
        for (int start = 0; start < items.size(); start += WINDOW) {
            List<CompletableFuture<R>> inFlight = new ArrayList<>();
            for (T item : items.subList(start, Math.min(items.size(), start + WINDOW))) {
                inFlight.add(read.apply(item));
            }
            inFlight.forEach(f -> results.add(f.join()));
        }
        return results;
    }

    /** IS ascending by value; a missing or malformed number sorts after all numbers. */
    private static Comparator<DicomDataset> numberThenNothing(int tag) {
        return Comparator.comparingLong(d -> {
            try {
                return Long.parseLong(d.first(tag).strip());
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        });
    }

    private static DicomAttribute integer(int tag, int value) {
        return DicomAttribute.of(tag, "IS", Integer.toString(value));
    }

    private record Ranked<T>(int studyRank, int seriesRank, T row) {
    }

    /** The candidate study rows, and the instance counts already being read for some of them. */
    private record Candidates(List<StudyRow> rows, Map<String, CompletableFuture<Map<String, Integer>>> counts) {
    }

    /** One result of the page, with the study it discloses (for {@link QidoResult#studies()}). */
    private record Match(StudyRow study, DicomDataset dataset) {
    }
}
