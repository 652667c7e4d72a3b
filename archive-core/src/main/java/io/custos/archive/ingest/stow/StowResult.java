package io.custos.archive.ingest.stow;

import io.custos.archive.ingest.api.IngestOutcome;

import java.util.List;

/**
 * Outcome of a STOW-RS request, one entry per part. The HTTP status follows PS3.18 10.5.3: 200 when every
 * instance was stored, 202 when some were, 409 when none were (the request itself was well formed).
 */
public record StowResult(List<IngestOutcome> outcomes) {

    public StowResult {
        outcomes = List.copyOf(outcomes);
    }

    public int httpStatus() {
        long failed = outcomes.stream().filter(o -> o instanceof IngestOutcome.Rejected).count();
        if (failed == 0) {
            return 200;
        }
        return failed == outcomes.size() ? 409 : 202;
    }
}
