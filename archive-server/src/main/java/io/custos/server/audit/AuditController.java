package io.custos.server.audit;

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
import io.custos.server.security.CustosPrincipal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
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

    AuditController(AuditTrailStore store, PatientRefs patients, RequestAccess access, AccessRecorder recorder) {
        this.store = store;
        this.patients = patients;
        this.access = access;
        this.recorder = recorder;
    }

    @PostMapping(path = "/patients/accesses", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> patientAccesses(@RequestBody PatientLookup lookup,
                                      @AuthenticationPrincipal CustosPrincipal principal,
                                      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (lookup == null || lookup.patientId() == null || lookup.patientId().isBlank()) {
            throw new IllegalArgumentException("patientId is required");
        }
        String ref = patients.of(new TenantId(principal.tenant()), lookup.patientId(), lookup.issuerOfPatientId());
        return answer(AuditTable.BY_PATIENT, principal.tenant(), ref, lookup.from(), lookup.to(), lookup.limit(),
                lookup.pageToken(), accept, List.of(new QueryKey("patient", null, ref)));
    }

    @GetMapping("/users/{subject}/accesses")
    ResponseEntity<?> userActivity(@PathVariable String subject, @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestParam(required = false) Integer limit,
                                   @RequestParam(required = false) String pageToken,
                                   @AuthenticationPrincipal CustosPrincipal principal,
                                   @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return answer(AuditTable.BY_USER, principal.tenant(), subject, from, to, limit, pageToken, accept,
                List.of(new QueryKey("subject", subject, null)));
    }

    @GetMapping("/studies/{study}/accesses")
    ResponseEntity<?> studyTrail(@PathVariable String study, @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to,
                                 @RequestParam(required = false) Integer limit,
                                 @RequestParam(required = false) String pageToken,
                                 @AuthenticationPrincipal CustosPrincipal principal,
                                 @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (!DicomUid.isValid(study)) {
            throw new IllegalArgumentException("the study in the path is not a valid DICOM UID (PS3.5 9.1)");
        }
        return answer(AuditTable.BY_STUDY, principal.tenant(), study, from, to, limit, pageToken, accept,
                List.of(new QueryKey("study", study, null)));
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
                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        String tenant = unattributed ? AuditQuestion.UNATTRIBUTED : principal.tenant();
        return answer(AuditTable.DENIALS, tenant, null, from, to, limit, pageToken, accept,
                List.of(new QueryKey("unattributed", Boolean.toString(unattributed), null)));
    }

    /** Export requests of the tenant: requested, decided (or refused), downloaded (issue 6). */
    @GetMapping("/exports")
    ResponseEntity<?> exports(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                              @RequestParam(required = false) Integer limit,
                              @RequestParam(required = false) String pageToken,
                              @AuthenticationPrincipal CustosPrincipal principal,
                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return answer(AuditTable.EXPORTS, principal.tenant(), null, from, to, limit, pageToken, accept, List.of());
    }

    private ResponseEntity<?> answer(AuditTable table, String tenant, String key, String from, String to,
                                     Integer limit, String pageToken, String accept, List<QueryKey> keys) {
        LocalDate last = to == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(to);
        LocalDate first = from == null ? last.minusDays(DEFAULT_DAYS) : LocalDate.parse(from);
        AuditQuestion question = new AuditQuestion(table, tenant, key, first, last);
        AuditPage page = store.page(question, limit == null ? DEFAULT_LIMIT : limit, pageToken);
        List<QueryKey> recorded = new ArrayList<>(keys);
        recorded.add(new QueryKey("report", table.name(), null));
        recorded.add(new QueryKey("from", first.toString(), null));
        recorded.add(new QueryKey("to", last.toString(), null));
        recorded.add(new QueryKey("page", pageToken == null ? "first" : "next", null));
        // The auditor's own question is an access too, recorded before the answer is sent.
        recorder.record(new DataAccessedEvent(access.actor(), access.purpose(), AccessKind.AUDIT_REPORT, null,
                null, null, null, 0, 0, 0, page.entries().isEmpty() ? AccessOutcome.NO_MATCH : AccessOutcome.SUCCESS,
                List.of(), recorded));
        return AuditReportFormat.response(page, accept);
    }

    /** RFC 9457 problem+json; details name parameters, never their values. */
    @ExceptionHandler({IllegalArgumentException.class, DateTimeParseException.class,
            InvalidPageTokenException.class})
    ResponseEntity<Map<String, Object>> badRequest(RuntimeException e) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Bad Request");
        problem.put("status", 400);
        problem.put("detail", e instanceof DateTimeParseException
                ? "from and to must be ISO dates (yyyy-mm-dd)" : e.getMessage());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
