package io.custos.server.audit;

import io.custos.archive.ledger.evidence.EvidenceBundleWriter;
import io.custos.query.audit.AuditEntry;
import io.custos.query.audit.AuditPage;
import io.custos.query.audit.AuditQuestion;
import io.custos.query.audit.AuditTrailStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;

/** Which audit requests want an evidence bundle, and the whole answer's entries a bundle covers. */
final class AuditEvidence {

    static final MediaType MEDIA_TYPE = MediaType.parseMediaType(EvidenceBundleWriter.MEDIA_TYPE);

    /** Most answer entries one bundle covers; a larger answer is refused (narrow the date range). */
    static final int MAX_ENTRIES = 100_000;

    private AuditEvidence() {
    }

    /** An evidence bundle is sent only when asked for by name (never as a wildcard's pick). */
    static boolean wanted(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        return MediaType.parseMediaTypes(accept).stream()
                .anyMatch(t -> t.equalsTypeAndSubtype(MEDIA_TYPE) && t.getQualityValue() > 0);
    }

    /**
     * The distinct access ids of every page of the answer, newest first. The patient table holds a row per
     * disclosed study, so one access may appear more than once.
     */
    static List<String> accessIds(AuditTrailStore store, AuditQuestion question) {
        Set<String> ids = new LinkedHashSet<>();
        String token = null;
        do {
            AuditPage page = store.page(question, AuditTrailStore.MAX_PAGE_SIZE, token);
            for (AuditEntry e : page.entries()) {
                ids.add(e.accessId());
            }
            if (ids.size() > MAX_ENTRIES) {
                throw new IllegalArgumentException("the answer has more than " + MAX_ENTRIES
                        + " entries, more than one evidence bundle covers: narrow from and to");
            }
            token = page.nextPageToken().orElse(null);
        } while (token != null);
        return new ArrayList<>(ids);
    }
}
