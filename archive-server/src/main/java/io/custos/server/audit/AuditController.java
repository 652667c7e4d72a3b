package io.custos.server.audit;

import static io.custos.server.web.Problems.problem;

import io.custos.archive.access.api.AccessKind;
import io.custos.archive.access.api.AccessOutcome;
import io.custos.archive.access.api.DataAccessedEvent;
import io.custos.archive.access.api.QueryKey;
import io.custos.archive.domain.DicomUid;
import io.custos.archive.domain.TenantId;
import io.custos.query.audit.AuditPage;
import io.custos.query.audit.AuditQuestion;
import io.custos.query.audit.AuditTable;
import io.custos.query.audit.AuditTrailStore;
import io.custos.query.audit.InvalidPageTokenException;
import io.custos.archive.ledger.evidence.EvidenceBundleWriter;
import io.custos.archive.ledger.evidence.EvidenceQuestion;
import io.custos.server.ledger.EvidenceExporter;
import io.custos.server.security.CustosPrincipal;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The auditor's questions (auditor role only, see the security policy), always within the auditor's tenant
 * (from the token). Every answer is itself recorded as an access event before it is sent. The patient
 * lookup takes PatientID and IssuerOfPatientID in the request body, never in the URL (URLs end up in logs),
 * and hashes them here; the plaintext is neither stored, logged nor echoed.
 */
@RestController
@RequestMapping("/audit")
class AuditController {

    /** The patient lookup body; dates are ISO days (UTC), inclusive. */
    record PatientLookup(String patientId, String issuerOfPatientId, String from, String to, Integer limit,
                         String pageToken) {
        @Override
        public String toString() {
            return "PatientLookup[redacted]";
        }
    }

    private static final int DEFAULT_LIMIT = 100;
    private static final int DEFAULT_DAYS = 30;

    private final AuditTrailStore store;
    private final PatientRefs patients;
    private final RequestAccess access;
    private final AccessRecorder recorder;
    private final ObjectProvider<EvidenceExporter> exporters;

    AuditController(AuditTrailStore store, PatientRefs patients, RequestAccess access, AccessRecorder recorder,
                    ObjectProvider<EvidenceExporter> exporters) {
        this.store = store;
        this.patients = patients;
        this.access = access;
        this.recorder = recorder;
        this.exporters = exporters;
    }

    @PostMapping(path = "/patients/accesses", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> patientAccesses(@RequestBody PatientLookup lookup,
                                      @AuthenticationPrincipal CustosPrincipal principal,
                                      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                                      HttpServletResponse response) throws IOException {
        if (lookup == null || lookup.patientId() == null || lookup.patientId().isBlank()) {
            throw new IllegalArgumentException("patientId is required");
        }
        String ref = patients.of(new TenantId(principal.tenant()), lookup.patientId(), lookup.issuerOfPatientId());
        return answer(AuditTable.BY_PATIENT, principal.tenant(), ref, lookup.from(), lookup.to(), lookup.limit(),
                lookup.pageToken(), accept, List.of(new QueryKey("patient", null, ref)), response);
    }

    @GetMapping("/users/{subject}/accesses")
    ResponseEntity<?> userActivity(@PathVariable String subject, @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestParam(required = false) Integer limit,
                                   @RequestParam(required = false) String pageToken,
                                   @AuthenticationPrincipal CustosPrincipal principal,
                                   @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                                   HttpServletResponse response) throws IOException {
        return answer(AuditTable.BY_USER, principal.tenant(), subject, from, to, limit, pageToken, accept,
                List.of(new QueryKey("subject", subject, null)), response);
    }

    @GetMapping("/studies/{study}/accesses")
    ResponseEntity<?> studyTrail(@PathVariable String study, @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to,
                                 @RequestParam(required = false) Integer limit,
                                 @RequestParam(required = false) String pageToken,
                                 @AuthenticationPrincipal CustosPrincipal principal,
                                 @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                                 HttpServletResponse response) throws IOException {
        if (!DicomUid.isValid(study)) {
            throw new IllegalArgumentException("the study in the path is not a valid DICOM UID (PS3.5 9.1)");
        }
        return answer(AuditTable.BY_STUDY, principal.tenant(), study, from, to, limit, pageToken, accept,
                List.of(new QueryKey("study", study, null)), response);
    }

    /**
     * Denials of the auditor's tenant; with {@code unattributed=true} the denials that name no tenant (no
     * token, an invalid or expired one, refused DICOM associations), which no tenant owns.
     */
    @GetMapping("/denials")
    ResponseEntity<?> denials(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                              @RequestParam(defaultValue = "false") boolean unattributed,
                              @RequestParam(required = false) Integer limit,
                              @RequestParam(required = false) String pageToken,
                              @AuthenticationPrincipal CustosPrincipal principal,
                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                              HttpServletResponse response) throws IOException {
        String tenant = unattributed ? AuditQuestion.UNATTRIBUTED : principal.tenant();
        return answer(AuditTable.DENIALS, tenant, null, from, to, limit, pageToken, accept,
                List.of(new QueryKey("unattributed", Boolean.toString(unattributed), null)), response);
    }

    /** Export requests of the tenant: requested, decided (or refused), downloaded (issue 6). */
    @GetMapping("/exports")
    ResponseEntity<?> exports(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                              @RequestParam(required = false) Integer limit,
                              @RequestParam(required = false) String pageToken,
                              @AuthenticationPrincipal CustosPrincipal principal,
                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                              HttpServletResponse response) throws IOException {
        return answer(AuditTable.EXPORTS, principal.tenant(), null, from, to, limit, pageToken, accept, List.of(),
                response);
    }

    private ResponseEntity<?> answer(AuditTable table, String tenant, String key, String from, String to,
                                     Integer limit, String pageToken, String accept, List<QueryKey> keys,
                                     HttpServletResponse response) throws IOException {
        LocalDate last = to == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(to);
        LocalDate first = from == null ? last.minusDays(DEFAULT_DAYS) : LocalDate.parse(from);
        AuditQuestion question = new AuditQuestion(table, tenant, key, first, last);
        if (AuditEvidence.wanted(accept)) {
            return evidence(question, limit, pageToken, keys, response);
        }
        AuditPage page = store.page(question, limit == null ? DEFAULT_LIMIT : limit, pageToken);
        record(question, keys, pageToken == null ? "first" : "next", null, page.entries().isEmpty());
        return AuditReportFormat.response(page, accept);
    }

    /**
     * The whole answer (every page, up to {@link AuditEvidence#MAX_ENTRIES} entries) as an evidence bundle,
     * streamed: the events, their chain links, inclusion proofs and the signed checkpoints covering them.
     */
    private ResponseEntity<?> evidence(AuditQuestion question, Integer limit, String pageToken, List<QueryKey> keys,
                                       HttpServletResponse response) throws IOException {
        EvidenceExporter exporter = exporters.getIfAvailable();
        if (exporter == null) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "the ledger is not enabled on this node (custos.ledger"
                    + ".enabled): evidence bundles are exported by the node that seals the event store");
        }
        if (limit != null || pageToken != null) {
            throw new IllegalArgumentException("limit and pageToken do not apply to an evidence bundle: a bundle"
                    + " covers the whole answer of the date range");
        }
        List<String> accessIds = AuditEvidence.accessIds(store, question);
        record(question, keys, "all", "evidence", accessIds.isEmpty());
        exporter.sealNow();
        Map<String, String> bundleKeys = new LinkedHashMap<>();
        keys.forEach(k -> bundleKeys.put(k.key(), k.value() != null ? k.value() : k.valueHash()));
        EvidenceQuestion asked = new EvidenceQuestion(question.table().name(), question.tenant(), bundleKeys,
                question.from().toString(), question.to().toString(), access.actor().subject(),
                Instant.now().toString());
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(EvidenceBundleWriter.MEDIA_TYPE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"evidence-"
                + question.table().name().toLowerCase(java.util.Locale.ROOT) + "-" + question.from() + "-"
                + question.to() + ".zip\"");
        exporter.export(asked, accessIds, response.getOutputStream());
        response.flushBuffer();
        return null;
    }

    /** The auditor's own question is an access too, recorded before the answer is sent. */
    private void record(AuditQuestion question, List<QueryKey> keys, String page, String format, boolean empty) {
        List<QueryKey> recorded = new ArrayList<>(keys);
        recorded.add(new QueryKey("report", question.table().name(), null));
        recorded.add(new QueryKey("from", question.from().toString(), null));
        recorded.add(new QueryKey("to", question.to().toString(), null));
        recorded.add(new QueryKey("page", page, null));
        if (format != null) {
            recorded.add(new QueryKey("format", format, null));
        }
        recorder.record(new DataAccessedEvent(access.actor(), access.purpose(), AccessKind.AUDIT_REPORT, null,
                null, null, null, 0, 0, 0, empty ? AccessOutcome.NO_MATCH : AccessOutcome.SUCCESS,
                List.of(), recorded));
    }

    /** RFC 9457 problem+json; details name parameters, never their values. */
    @ExceptionHandler({IllegalArgumentException.class, DateTimeParseException.class,
            InvalidPageTokenException.class})
    ResponseEntity<Map<String, Object>> badRequest(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, e instanceof DateTimeParseException
                ? "from and to must be ISO dates (yyyy-mm-dd)" : e.getMessage());
    }
}
