package io.custos.query.qido;

import static io.custos.query.dicom.DicomTags.of;

import com.pixelmed.dicom.TagFromName;
import io.custos.archive.domain.DicomUid;
import io.custos.query.dicom.DicomTags;
import io.custos.query.index.IndexLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates QIDO-RS query parameters (PS3.18 10.6.1.2) into a {@link QidoQuery}. Anything the server cannot
 * honour exactly is refused with a 400 rather than silently ignored, except fuzzymatching=true, which PS3.18
 * 10.6.1.2.3 lets a server ignore with a Warning.
 */
public final class QidoQueryParser {

    static final int MODALITIES_IN_STUDY = of(TagFromName.ModalitiesInStudy);
    static final String FUZZY_WARNING =
            "299 custos: The fuzzymatching parameter is not supported. Only literal matching has been performed.";

    private static final Pattern PRINTABLE_KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final int maxLimit;

    /** @param maxLimit the most results one response carries; larger or absent limits are reduced to it */
    public QidoQueryParser(int maxLimit) {
        if (maxLimit < 1) {
            throw new IllegalArgumentException("maxLimit must be positive");
        }
        this.maxLimit = maxLimit;
    }

    public QidoQuery parse(QidoResource resource, Optional<String> studyUid, Optional<String> seriesUid,
                           Map<String, List<String>> parameters) {
        studyUid.ifPresent(uid -> requireUid(uid, "StudyInstanceUID in the path"));
        seriesUid.ifPresent(uid -> requireUid(uid, "SeriesInstanceUID in the path"));
        List<String> warnings = new ArrayList<>();
        Map<Integer, List<String>> keys = new LinkedHashMap<>();
        Set<Integer> includeFields = new LinkedHashSet<>();
        boolean includeAll = false;
        int limit = maxLimit;
        int offset = 0;
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            String name = p.getKey();
            List<String> values = p.getValue();
            switch (name) {
                case "limit" -> {
                    limit = nonNegative(single(name, values), name);
                    if (limit > maxLimit) {
                        warnings.add("299 custos: limit reduced to " + maxLimit);
                        limit = maxLimit;
                    }
                }
                case "offset" -> offset = nonNegative(single(name, values), name);
                case "fuzzymatching" -> {
                    String v = single(name, values);
                    if (v.equals("true")) {
                        warnings.add(FUZZY_WARNING);
                    } else if (!v.equals("false")) {
                        throw new InvalidQueryException("fuzzymatching must be true or false");
                    }
                }
                case "includefield" -> {
                    for (String v : values) {
                        for (String field : v.split(",")) {
                            if (field.strip().equals("all")) {
                                includeAll = true;
                            } else {
                                includeFields.add(attribute(field.strip(), "includefield"));
                            }
                        }
                    }
                }
                default -> keys.computeIfAbsent(attribute(name, "query key"), t -> new ArrayList<>()).addAll(values);
            }
        }
        List<AttributeMatcher> matchers = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> k : keys.entrySet()) {
            matchers.add(matcher(resource, k.getKey(), k.getValue()));
        }
        for (int tag : includeFields) {
            if (!includeAll && levelOf(tag).isEmpty()) {
                // PS3.18 10.6.1.2.2 lets the server return what it has; say which attribute is not kept.
                warnings.add("299 custos: includefield " + DicomTags.hex(tag) + " is not indexed and is not returned");
            }
        }
        return new QidoQuery(resource, studyUid, seriesUid, matchers, includeFields, includeAll, limit, offset,
                warnings);
    }

    private static AttributeMatcher matcher(QidoResource resource, int tag, List<String> values) {
        String keyword = DicomTags.keyword(tag);
        Optional<IndexLevel> level = levelOf(tag);
        if (level.isEmpty()) {
            throw new InvalidQueryException("Query key " + keyword + " is not supported for matching");
        }
        if (!resource.matchableLevels().contains(level.get())) {
            throw new InvalidQueryException("Query key " + keyword + " is a " + level.get().name().toLowerCase()
                    + "-level attribute and cannot be matched on this resource");
        }
        String vr = DicomTags.vr(tag).orElseThrow(
                () -> new InvalidQueryException("Query key " + keyword + " has no dictionary VR"));
        return MatcherFactory.create(tag, vr, values);
    }

    /** The level a key is matched at: where the index stores it; ModalitiesInStudy is derived at study level. */
    static Optional<IndexLevel> levelOf(int tag) {
        return tag == MODALITIES_IN_STUDY ? Optional.of(IndexLevel.STUDY) : IndexLevel.storing(tag);
    }

    private static int attribute(String id, String what) {
        if (id.contains(".")) {
            throw new InvalidQueryException("Sequence attribute paths are not supported in a " + what);
        }
        return DicomTags.resolve(id).orElseThrow(() -> new InvalidQueryException(
                PRINTABLE_KEY.matcher(id).matches()
                        ? "Unknown " + what + " '" + id + "': not a DICOM keyword or 8-hex tag"
                        : "Unknown " + what + ": not a DICOM keyword or 8-hex tag"));
    }

    private static String single(String name, List<String> values) {
        if (values.size() != 1) {
            throw new InvalidQueryException(name + " may be given only once");
        }
        return values.get(0).strip();
    }

    private static int nonNegative(String value, String name) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidQueryException(name + " must be a non-negative integer");
        }
    }

    private static void requireUid(String uid, String what) {
        if (!DicomUid.isValid(uid)) {
            throw new InvalidQueryException(what + " is not a valid UID (PS3.5 9.1)");
        }
    }
}
