package io.custos.archive.export.api;

import io.custos.archive.access.api.QueryKey;
import io.custos.archive.domain.StudyInstanceUid;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a request asks to export. A QIDO-style query is resolved to concrete studies when the request is made,
 * so the steward approves, and the job exports, exactly the studies listed; the query itself is kept as the
 * audit trail keeps searches (values as keyed hashes).
 *
 * @param project          the research project: the pseudonym and UID secrets are per project
 * @param protocol         the protocol reference the steward checks the request against
 * @param profileOptions   PS3.15 E.1-1 options the protocol chooses (names of the deidentify module's options)
 * @param studies          the studies, in request order, without duplicates
 * @param query            the search that selected them, if any
 * @param nifti            whether volumetric series are also written as NIfTI-1
 */
public record ExportPlan(String project, String protocol, Set<String> profileOptions, List<StudyInstanceUid> studies,
                         List<QueryKey> query, boolean nifti) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Bounded so that one request stays one readable event; larger cohorts are several requests. */
    public static final int MAX_STUDIES = 10_000;

    public ExportPlan {
        requireToken(project, "project");
        requireToken(protocol, "protocol");
        profileOptions = Set.copyOf(profileOptions);
        profileOptions.forEach(o -> requireToken(o, "profile option"));
        studies = List.copyOf(studies);
        if (studies.isEmpty()) {
            throw new IllegalArgumentException("an export names at least one study");
        }
        if (studies.size() > MAX_STUDIES) {
            throw new IllegalArgumentException("an export names at most " + MAX_STUDIES + " studies");
        }
        if (Set.copyOf(studies).size() != studies.size()) {
            throw new IllegalArgumentException("a study is named twice");
        }
        query = query == null ? List.of() : List.copyOf(query);
    }

    private static void requireToken(String value, String what) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException("the " + what + " is 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }
}
