package io.custos.query.qido;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A validated QIDO-RS search (PS3.18 10.6.1). The tenant is deliberately absent: it is never part of a
 * request and is supplied by the caller from the authenticated principal.
 *
 * @param includeFields extra attributes requested with includefield (PS3.18 10.6.1.2.2)
 * @param includeAll    includefield=all
 * @param warnings      Warning header texts (PS3.18 8.4.4) decided while parsing, e.g. fuzzymatching ignored
 */
public record QidoQuery(
        QidoResource resource,
        Optional<String> studyUid,
        Optional<String> seriesUid,
        List<AttributeMatcher> matchers,
        Set<Integer> includeFields,
        boolean includeAll,
        int limit,
        int offset,
        List<String> warnings) {

    public QidoQuery {
        matchers = List.copyOf(matchers);
        includeFields = Set.copyOf(includeFields);
        warnings = List.copyOf(warnings);
    }

    public Optional<AttributeMatcher> matcherFor(int tag) {
        return matchers.stream().filter(m -> m.tag() == tag).findFirst();
    }

    @Override
    public String toString() {
        return "QidoQuery[" + resource + ", " + matchers.size() + " key(s), limit " + limit + ", offset " + offset + "]";
    }
}
