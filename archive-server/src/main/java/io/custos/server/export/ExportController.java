package io.custos.server.export;

import static io.custos.server.web.Problems.problem;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.export.api.ExportCommandResult;
import io.custos.archive.export.api.ExportCommands;
import io.custos.archive.export.api.ExportId;
import io.custos.archive.export.api.ExportPlan;
import io.custos.query.index.StudyIndexStore;
import io.custos.server.audit.RequestAccess;
import io.custos.server.security.CustosPrincipal;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Research export requests (issue 6): a researcher asks, a data steward decides, both follow the state. The
 * tenant comes from the token; another tenant's request is as unknown as a missing one. Every step, and every
 * refused decision, is an event of the request. Errors are RFC 9457 problem+json naming fields, never values.
 */
@RestController
@RequestMapping(path = "/exports", produces = MediaType.APPLICATION_JSON_VALUE)
class ExportController {

    /** A request body: the studies by Study Instance UID (a QIDO-style selection is not accepted yet). */
    record NewExport(String project, String protocol, List<String> profileOptions, List<String> studies,
                     Boolean nifti) {
    }

    /** A steward's decision; {@code reason} is a short code, required to reject. */
    record Decision(Boolean approve, String reason) {
    }

    private static final Pattern UUID = Pattern.compile("[0-9a-f-]{36}");
    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    /** Studies looked up per index query. */
    private static final int LOOKUP_BATCH = 100;

    private final CommandGateway commands;
    private final StudyIndexStore index;
    private final ExportStatusStore status;
    private final RequestAccess access;
    private final RegionId region;

    ExportController(CommandGateway commands, StudyIndexStore index, ExportStatusStore status, RequestAccess access,
                     @Value("${custos.region:local}") String region) {
        this.commands = commands;
        this.index = index;
        this.status = status;
        this.access = access;
        this.region = new RegionId(region);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> request(@RequestBody NewExport body, @AuthenticationPrincipal CustosPrincipal principal) {
        if (body == null || body.studies() == null) {
            throw new IllegalArgumentException("studies is required");
        }
        List<StudyInstanceUid> studies = body.studies().stream().map(StudyInstanceUid::new).toList();
        ExportPlan plan = new ExportPlan(body.project(), body.protocol(),
                Set.copyOf(body.profileOptions() == null ? List.of() : body.profileOptions()), studies, List.of(),
                Boolean.TRUE.equals(body.nifti()));
        int unknown = unknownStudies(new TenantId(principal.tenant()), studies);
        if (unknown > 0) {
            // Counted, not listed: which UIDs exist in the tenant is not the researcher's to learn here.
            return problem(HttpStatus.UNPROCESSABLE_CONTENT, unknown + " of the studies are not in this archive.");
        }
        ExportId id = ExportId.newFor(principal.tenant());
        commands.sendAndWait(new ExportCommands.Request(id, region, plan, access.actor()));
        String uuid = id.value().substring(id.value().indexOf('/') + 1);
        return ResponseEntity.created(URI.create("/exports/" + uuid))
                .body(Map.of("exportId", uuid, "state", "REQUESTED", "studies", studies.size()));
    }

    @PostMapping(path = "/{uuid}/decision", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> decide(@PathVariable String uuid, @RequestBody Decision body,
                             @AuthenticationPrincipal CustosPrincipal principal) {
        if (body == null || body.approve() == null) {
            throw new IllegalArgumentException("approve (true or false) is required");
        }
        if (!body.approve() && (body.reason() == null || !REASON.matcher(body.reason()).matches())) {
            throw new IllegalArgumentException("a rejection needs a reason code (A-Z, 0-9, _)");
        }
        ExportId id = id(principal, uuid);
        ExportCommandResult result = commands.sendAndWait(
                new ExportCommands.Decide(id, body.approve(), body.approve() ? null : body.reason(), access.actor()));
        return switch (result) {
            case DONE -> ResponseEntity.ok(Map.of("exportId", uuid, "state", body.approve() ? "APPROVED" : "REJECTED"));
            case SAME_PERSON -> problem(HttpStatus.FORBIDDEN, "The requester of an export cannot decide it.");
            case WRONG_ROLE -> problem(HttpStatus.FORBIDDEN, "Only a data steward decides an export.");
            default -> problem(HttpStatus.CONFLICT, "The export is no longer waiting for a decision.");
        };
    }

    @GetMapping("/{uuid}")
    ResponseEntity<?> status(@PathVariable String uuid, @AuthenticationPrincipal CustosPrincipal principal) {
        return status.find(principal.tenant(), id(principal, uuid))
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "No such export in this tenant."));
    }

    private int unknownStudies(TenantId tenant, List<StudyInstanceUid> studies) {
        Set<String> found = new HashSet<>();
        List<String> uids = studies.stream().map(StudyInstanceUid::value).toList();
        for (int from = 0; from < uids.size(); from += LOOKUP_BATCH) {
            List<String> batch = new ArrayList<>(uids.subList(from, Math.min(uids.size(), from + LOOKUP_BATCH)));
            index.studiesByUid(tenant, batch).forEach(row -> found.add(row.studyUid()));
        }
        return (int) uids.stream().filter(u -> !found.contains(u)).count();
    }

    private static ExportId id(CustosPrincipal principal, String uuid) {
        if (!UUID.matcher(uuid).matches()) {
            throw new IllegalArgumentException("the export id in the path is not a UUID");
        }
        return new ExportId(principal.tenant() + "/" + uuid);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<Map<String, Object>> unknown() {
        return problem(HttpStatus.NOT_FOUND, "No such export in this tenant.");
    }

    /** Malformed UIDs, tokens, plans or missing fields: the message names the field, never the value. */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
