package io.custos.archive.access.api;

import java.util.List;
import java.util.Objects;

/**
 * One allowed read request (a search, metadata, an instance retrieval, an audit report), recorded before its
 * data is sent. The time is the event's timestamp.
 *
 * @param level      STUDY, SERIES or INSTANCE (the level of the resource), or null where none applies
 * @param study      Study Instance UID named by the request, or null
 * @param series     Series Instance UID named by the request, or null
 * @param instance   SOP Instance UID named by the request, or null
 * @param instances  instances sent (or matched, for a search)
 * @param frames     frames sent
 * @param bytes      bytes of response body
 * @param disclosed  the studies this request disclosed, each with its patient's keyed hash (bounded by a page)
 * @param query      the keys of a search, values hashed (see {@link QueryKey})
 */
public record DataAccessedEvent(
        AccessActor actor,
        PurposeOfUse purpose,
        AccessKind kind,
        String level,
        String study,
        String series,
        String instance,
        int instances,
        int frames,
        long bytes,
        AccessOutcome outcome,
        List<DisclosedStudy> disclosed,
        List<QueryKey> query) {

    public DataAccessedEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        disclosed = disclosed == null ? List.of() : List.copyOf(disclosed);
        query = query == null ? List.of() : List.copyOf(query);
    }
}
