package io.custos.archive.ingest.stow;

import io.custos.archive.ingest.api.IngestOutcome;

import java.util.List;

/**
 * Outcome of a STOW-RS request, one entry per part. The HTTP status follows PS3.18 10.5.3: 200 when every
 * instance was stored, 202 when some were, 409 when none were (the request itself was well formed).
 */
public record StowResult(List<Part> parts) {

    /**
     * One part's outcome and, when the part could be read far enough to know it, its Series Instance UID: the
     * response's Retrieve URL names the instance resource, which PS3.18 10.4.1 places under its series.
     */
    public record Part(IngestOutcome outcome, String seriesInstanceUid) {
    }

    public StowResult {
        parts = List.copyOf(parts);
    }

    public List<IngestOutcome> outcomes() {
        return parts.stream().map(Part::outcome).toList();
    }

    public int httpStatus() {
        long failed = outcomes().stream().filter(o -> o instanceof IngestOutcome.Rejected).count();
        if (failed == 0) {
            return 200;
        }
        return failed == parts.size() ? 409 : 202;
    }
}
