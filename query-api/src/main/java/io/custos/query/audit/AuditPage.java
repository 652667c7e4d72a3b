package io.custos.query.audit;

import java.util.List;
import java.util.Optional;

/** One page of a report, newest first, and the opaque token of the next page (absent on the last page). */
public record AuditPage(List<AuditEntry> entries, Optional<String> nextPageToken) {
    public AuditPage {
        entries = List.copyOf(entries);
    }
}
