package io.custos.server.audit;

import io.custos.query.audit.AuditEntry;
import io.custos.query.audit.AuditPage;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Writes a report page as JSON ({@code {"entries": [...], "nextPageToken": ...}}) or, when the client asks
 * for {@code text/csv}, as RFC 4180 CSV with a header row. The next page's token is also in the
 * {@value #NEXT_PAGE_HEADER} header, so CSV clients can page.
 */
final class AuditReportFormat {

    static final String NEXT_PAGE_HEADER = "X-Next-Page-Token";
    static final MediaType CSV = MediaType.parseMediaType("text/csv");

    private static final List<String> COLUMNS = List.of("at", "accessId", "kind", "subject", "roles",
            "clientAddress", "purpose", "level", "studyUid", "seriesUid", "sopUid", "instances", "frames", "bytes",
            "outcome", "patientRef", "detail");
    private static final CsvMapper CSV_MAPPER = new CsvMapper();
    private static final CsvSchema SCHEMA = schema();

    /** The JSON body. */
    record Report(List<AuditEntry> entries, String nextPageToken) {
    }

    private AuditReportFormat() {
    }

    /** CSV when text/csv is accepted at least as much as application/json (which is the default). */
    static boolean wantsCsv(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double csv = 0;
        double json = 0;
        for (MediaType type : MediaType.parseMediaTypes(accept)) {
            if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
                csv = Math.max(csv, type.getQualityValue());
            } else if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
                json = Math.max(json, type.getQualityValue());
            }
        }
        return csv > 0 && csv >= json;
    }

    static ResponseEntity<?> response(AuditPage page, String accept) {
        HttpHeaders headers = new HttpHeaders();
        page.nextPageToken().ifPresent(t -> headers.add(NEXT_PAGE_HEADER, t));
        if (wantsCsv(accept)) {
            headers.setContentType(new MediaType(CSV, java.util.Map.of("charset", "utf-8", "header", "present")));
            return ResponseEntity.ok().headers(headers).body(csv(page.entries()));
        }
        headers.setContentType(MediaType.APPLICATION_JSON);
        return ResponseEntity.ok().headers(headers).body(new Report(page.entries(), page.nextPageToken().orElse(null)));
    }

    static String csv(List<AuditEntry> entries) {
        List<Object[]> rows = entries.stream().map(e -> new Object[] {
                e.at().toString(), e.accessId(), e.kind(), e.subject(), e.roles(), e.clientAddress(), e.purpose(),
                e.level(), e.studyUid(), e.seriesUid(), e.sopUid(), e.instances(), e.frames(), e.bytes(),
                e.outcome(), e.patientRef(), e.detail()}).toList();
        return CSV_MAPPER.writer(SCHEMA).writeValueAsString(rows);
    }

    private static CsvSchema schema() {
        CsvSchema.Builder builder = CsvSchema.builder();
        COLUMNS.forEach(builder::addColumn);
        return builder.build().withHeader();
    }
}
