package io.custos.server.export;

import com.pixelmed.dicom.TagFromName;
import io.custos.archive.access.api.QueryKey;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.export.api.ExportPlan;
import io.custos.keys.KeyScope;
import io.custos.keys.KeyedHash;
import io.custos.query.dicom.DicomDataset;
import io.custos.query.dicom.DicomTags;
import io.custos.query.qido.IndexedQidoSearch;
import io.custos.query.qido.InvalidQueryException;
import io.custos.query.qido.QidoQuery;
import io.custos.query.qido.QidoQueryParser;
import io.custos.query.qido.QidoResource;
import io.custos.query.qido.QidoResult;
import io.custos.query.qido.QidoSearch;
import io.custos.server.audit.SearchKeys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resolves the QIDO-style {@code query} of an export request to concrete studies of the researcher's tenant, at
 * request time. The keys are PS3.18 study-level matching keys with exactly the QIDO-RS semantics, because they go
 * through the same parser ({@link QidoQueryParser}, resource "all studies") and the same index search
 * ({@link QidoSearch} over the study index); nothing here matches attributes itself. The search runs in-process on
 * the researcher's behalf: its answer (UIDs, attributes) never leaves the server, only the number of studies.
 *
 * <p>The query is kept in the plan as the access trail keeps QIDO keys: the key in clear, each value as a keyed
 * hash ({@link SearchKeys}).
 */
final class ExportSelection {

    /** The selection resolved: studies in the search's stable order, and the query as the plan records it. */
    record Resolved(List<StudyInstanceUid> studies, List<QueryKey> query) {
    }

    /** Refused as a request (400): a key that is not a study-level matching key, or a malformed value. */
    static final class BadQuery extends RuntimeException {
        BadQuery(String detail) {
            super(detail);
        }
    }

    /** Refused as unprocessable (422): no study matches, or more than one export may name. */
    static final class Unresolvable extends RuntimeException {
        Unresolvable(String detail) {
            super(detail);
        }
    }

    /** QIDO-RS parameters that are not matching keys; a selection has no pages or response shape. */
    private static final Set<String> NOT_MATCHING_KEYS = Set.of("limit", "offset", "includefield", "fuzzymatching");
    private static final Pattern PRINTABLE_KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int STUDY_UID = DicomTags.of(TagFromName.StudyInstanceUID);

    private final QidoSearch search;
    private final QidoQueryParser parser;
    private final KeyedHash hash;
    private final String region;
    private final int maxStudies;

    /**
     * @param search     the study index search, evaluating at least {@code maxStudies + 1} candidates
     * @param maxStudies the most studies one export names ({@link ExportPlan#MAX_STUDIES})
     */
    ExportSelection(QidoSearch search, KeyedHash hash, String region, int maxStudies) {
        this.search = search;
        this.parser = new QidoQueryParser(maxStudies + 1);
        this.hash = hash;
        this.region = region;
        this.maxStudies = maxStudies;
    }

    /**
     * @param query matching key → a string, or a list of strings (a repeated QIDO parameter); as JSON gives it
     */
    Resolved resolve(TenantId tenant, Map<String, Object> query) {
        Map<String, List<String>> parameters = parameters(query);
        QidoQuery parsed;
        try {
            parsed = parser.parse(QidoResource.ALL_STUDIES, Optional.empty(), Optional.empty(), parameters);
        } catch (InvalidQueryException e) {
            // The parser's details name keys, never values.
            throw new BadQuery("query: " + e.getMessage());
        }
        QidoResult result = search.search(tenant, parsed);
        boolean truncated = result.warnings().contains(IndexedQidoSearch.TRUNCATED_WARNING);
        if (truncated || result.matches().size() > maxStudies) {
            throw new Unresolvable("The query matches more than " + maxStudies + " studies, the most one export"
                    + " names. Narrow it (e.g. a StudyDate range, ModalitiesInStudy, PatientID) or split the"
                    + " cohort into several requests.");
        }
        Set<StudyInstanceUid> studies = new LinkedHashSet<>();
        for (DicomDataset match : result.matches()) {
            String uid = match.first(STUDY_UID);
            if (!uid.isEmpty()) {
                studies.add(new StudyInstanceUid(uid));
            }
        }
        if (studies.isEmpty()) {
            throw new Unresolvable("The query matches no study of this tenant.");
        }
        KeyScope scope = new KeyScope(tenant.value(), region);
        List<QueryKey> keys = new ArrayList<>();
        parameters.forEach((key, values) -> values.forEach(v -> keys.add(SearchKeys.hashed(hash, scope, key, v))));
        return new Resolved(List.copyOf(studies), keys);
    }

    /** The JSON object as QIDO-RS query parameters; anything but matching keys with text values is refused. */
    static Map<String, List<String>> parameters(Map<String, Object> query) {
        if (query == null || query.isEmpty()) {
            throw new BadQuery("query names at least one matching key");
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : query.entrySet()) {
            String key = e.getKey();
            String named = PRINTABLE_KEY.matcher(key).matches() ? "'" + key + "'" : "(unprintable)";
            if (NOT_MATCHING_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
                throw new BadQuery("query key " + named + " is not a matching key; an export takes every match");
            }
            List<String> values = new ArrayList<>();
            if (e.getValue() instanceof String s) {
                values.add(s);
            } else if (e.getValue() instanceof List<?> list && !list.isEmpty()
                    && list.stream().allMatch(String.class::isInstance)) {
                list.forEach(v -> values.add((String) v));
            } else {
                throw new BadQuery("query key " + named + ": the value is a string or a list of strings");
            }
            parameters.put(key, values);
        }
        return parameters;
    }
}
