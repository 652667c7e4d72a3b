package io.custos.server.retention;

import static io.custos.server.web.Problems.problem;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.retention.api.DeletionDecision;
import io.custos.archive.retention.api.DeletionReason;
import io.custos.archive.retention.api.HoldId;
import io.custos.archive.retention.api.HoldResult;
import io.custos.archive.retention.api.PatientHoldsId;
import io.custos.archive.retention.api.PlacePatientLegalHoldCommand;
import io.custos.archive.retention.api.PlaceStudyLegalHoldCommand;
import io.custos.archive.retention.api.ReleasePatientLegalHoldCommand;
import io.custos.archive.retention.api.ReleaseStudyLegalHoldCommand;
import io.custos.archive.retention.application.StudyDeletion;
import io.custos.archive.study.api.StudyId;
import io.custos.server.audit.PatientRefs;
import io.custos.server.audit.RequestAccess;
import io.custos.server.security.CustosPrincipal;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tenant administrator's retention actions, on the caller's own tenant only (from the token): deleting a
 * study, and placing or releasing legal holds on a study or on a patient. Every outcome, refusals included,
 * is an event. Patient identifiers travel only in request bodies and are turned into the keyed hash at once.
 * Answers are JSON; errors are RFC 9457 problem+json naming fields, never values.
 */
@RestController
@RequestMapping(path = "/admin", produces = MediaType.APPLICATION_JSON_VALUE)
class StudyAdminController {

    /** Body of a deletion request. */
    record DeletionRequest(String reason) {
    }

    /** Body of a patient hold request; the identifiers are hashed before anything is recorded. */
    record PatientHoldRequest(String patientId, String issuerOfPatientId, String hold) {
    }

    private final StudyDeletion deletion;
    private final CommandGateway commands;
    private final PatientRefs patients;
    private final RequestAccess access;
    private final RegionId region;

    StudyAdminController(StudyDeletion deletion, CommandGateway commands, PatientRefs patients, RequestAccess access,
                         @Value("${custos.region:local}") String region) {
        this.deletion = deletion;
        this.commands = commands;
        this.patients = patients;
        this.access = access;
        this.region = new RegionId(region);
    }

    @PostMapping(path = "/studies/{study}/deletion", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> delete(@PathVariable String study, @RequestBody DeletionRequest request,
                             @AuthenticationPrincipal CustosPrincipal principal) {
        DeletionReason reason = reason(request);
        StudyInstanceUid uid = new StudyInstanceUid(study);
        StudyDeletion.Outcome outcome = deletion.delete(new TenantId(principal.tenant()), uid, reason, access.actor());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("studyInstanceUid", study);
        if (outcome instanceof StudyDeletion.Outcome.Deleted deleted) {
            body.put("outcome", "DELETED");
            body.put("instances", deleted.instances());
            body.put("bytes", deleted.bytes());
            return ResponseEntity.ok(body);
        }
        if (outcome instanceof StudyDeletion.Outcome.AlreadyDeleted) {
            body.put("outcome", "ALREADY_DELETED");
            return ResponseEntity.ok(body);
        }
        if (outcome instanceof StudyDeletion.Outcome.Refused refused) {
            return refusal(refused.decision());
        }
        return notFound("No such study in this tenant.");
    }

    @PutMapping("/studies/{study}/legal-holds/{hold}")
    ResponseEntity<?> placeStudyHold(@PathVariable String study, @PathVariable String hold,
                                     @AuthenticationPrincipal CustosPrincipal principal) {
        HoldResult result = commands.sendAndWait(new PlaceStudyLegalHoldCommand(studyId(principal, study),
                new HoldId(hold), access.actor()));
        return holdAnswer(result, "study", study, hold);
    }

    @DeleteMapping("/studies/{study}/legal-holds/{hold}")
    ResponseEntity<?> releaseStudyHold(@PathVariable String study, @PathVariable String hold,
                                       @AuthenticationPrincipal CustosPrincipal principal) {
        HoldResult result = commands.sendAndWait(new ReleaseStudyLegalHoldCommand(studyId(principal, study),
                new HoldId(hold), access.actor()));
        return holdAnswer(result, "study", study, hold);
    }

    @PostMapping(path = "/patients/legal-holds", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> placePatientHold(@RequestBody PatientHoldRequest request,
                                       @AuthenticationPrincipal CustosPrincipal principal) {
        HoldId hold = holdOf(request);
        HoldResult result = commands.sendAndWait(new PlacePatientLegalHoldCommand(patient(principal, request), hold,
                access.actor()));
        return holdAnswer(result, "patient", null, hold.value());
    }

    @PostMapping(path = "/patients/legal-holds/release", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> releasePatientHold(@RequestBody PatientHoldRequest request,
                                         @AuthenticationPrincipal CustosPrincipal principal) {
        HoldId hold = holdOf(request);
        try {
            HoldResult result = commands.sendAndWait(new ReleasePatientLegalHoldCommand(patient(principal, request),
                    hold, access.actor()));
            return holdAnswer(result, "patient", null, hold.value());
        } catch (AggregateNotFoundException neverHeld) {
            return holdAnswer(HoldResult.NOT_PLACED, "patient", null, hold.value());
        }
    }

    private PatientHoldsId patient(CustosPrincipal principal, PatientHoldRequest request) {
        if (request.patientId() == null || request.patientId().isBlank()) {
            throw new IllegalArgumentException("patientId is required");
        }
        TenantId tenant = new TenantId(principal.tenant());
        return new PatientHoldsId(tenant, region, patients.of(tenant, request.patientId(), request.issuerOfPatientId()));
    }

    private static HoldId holdOf(PatientHoldRequest request) {
        if (request == null || request.hold() == null) {
            throw new IllegalArgumentException("hold is required");
        }
        return new HoldId(request.hold());
    }

    private static String studyId(CustosPrincipal principal, String study) {
        return StudyId.of(new TenantId(principal.tenant()), new StudyInstanceUid(study)).value();
    }

    private static DeletionReason reason(DeletionRequest request) {
        if (request == null || request.reason() == null) {
            throw new IllegalArgumentException("reason is required, one of RETENTION_EXPIRED, PATIENT_REQUEST,"
                    + " MISFILED, NOT_CLINICAL");
        }
        try {
            return DeletionReason.valueOf(request.reason());
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("reason must be one of RETENTION_EXPIRED, PATIENT_REQUEST,"
                    + " MISFILED, NOT_CLINICAL");
        }
    }

    private static ResponseEntity<?> holdAnswer(HoldResult result, String on, String study, String hold) {
        return switch (result) {
            case STUDY_DELETED -> problem(HttpStatus.CONFLICT, "Study deleted",
                    "The study was deleted; legal holds no longer apply to it.", Map.of());
            case NOT_PLACED -> notFound("No such hold on this " + on + ".");
            default -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("on", on);
                if (study != null) {
                    body.put("studyInstanceUid", study);
                }
                body.put("hold", hold);
                body.put("outcome", result.name());
                yield ResponseEntity.status(result == HoldResult.PLACED ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(body);
            }
        };
    }

    private static ResponseEntity<?> refusal(DeletionDecision decision) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("refusal", decision.refusal().name());
        if (decision.retainUntil() != null && decision.refusal() == io.custos.archive.retention.api.DeletionRefusal.RETENTION_PERIOD) {
            extra.put("retainUntil", decision.retainUntil().toString());
        }
        if (!decision.holds().isEmpty()) {
            extra.put("holds", decision.holds().stream().map(HoldId::value).toList());
        }
        String detail = switch (decision.refusal()) {
            case RETENTION_PERIOD -> "The tenant's retention period for this study has not passed.";
            case STUDY_LEGAL_HOLD -> "A legal hold is placed on this study.";
            case PATIENT_LEGAL_HOLD -> "A legal hold is placed on this study's patient.";
        };
        return problem(HttpStatus.CONFLICT, "Deletion refused", detail, extra);
    }

    private static ResponseEntity<?> notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, "Not Found", detail, Map.of());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<Map<String, Object>> unknownStudy() {
        return problem(HttpStatus.NOT_FOUND, "Not Found", "No such study in this tenant.", Map.of());
    }

    /** Malformed UIDs, hold ids, reasons or missing fields; messages name the field, not the value. */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "Bad Request", e.getMessage(), Map.of());
    }
}
