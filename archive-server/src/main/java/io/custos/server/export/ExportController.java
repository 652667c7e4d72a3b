package io.custos.server.export;

import static io.custos.server.web.Problems.problem;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.export.api.ExportCommandResult;
import io.custos.archive.export.api.ExportCommands;
import io.custos.archive.export.api.ExportId;
import io.custos.archive.export.api.ExportPlan;
import io.custos.deidentify.profile.ProfileOption;
import io.custos.deidentify.secret.ProjectId;
import io.custos.query.index.StudyIndexStore;
import io.custos.server.audit.RequestAccess;
import io.custos.server.export.job.ExportJobs;
import io.custos.server.export.store.ExportStore;
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

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Research export requests (issue 6): a researcher asks (studies by UID, or a QIDO-style {@code query} resolved
 * now by {@link ExportSelection}), a data steward decides, both follow the state, and the requester or a steward
 * downloads the completed export (manifest, listed files, or a ZIP of all; {@link ExportFiles} over the sealed
 * export in the {@link ExportStore}). The tenant comes
 * from the token; another tenant's request is as unknown as a missing one. Every step, every download and every
 * refused decision or download is an event of the request, recorded before anything is sent. Errors are RFC 9457
 * problem+json naming fields, never values.
 */
@RestController
@RequestMapping(path = "/exports", produces = MediaType.APPLICATION_JSON_VALUE)
class ExportController {

    /**
     * A request body: the studies either by Study Instance UID ({@code studies}) or by a QIDO-style selection
     * ({@code query}: PS3.18 study-level matching keys, resolved now to concrete studies); exactly one of them.
     */
    record NewExport(String project, String protocol, List<String> profileOptions, List<String> studies,
                     Map<String, Object> query, Boolean nifti) {
    }

    /** A steward's decision; {@code reason} is a short code, required to reject. */
    record Decision(Boolean approve, String reason) {
    }

    private static final Pattern UUID = Pattern.compile("[0-9a-f-]{36}");
    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final MediaType DICOM = MediaType.parseMediaType("application/dicom");
    /** What a ZIP download of the whole export is recorded as. */
    static final String ARCHIVE = "export.zip";
    /** Stands in for the studies when only the plan's other fields are checked. */
    private static final StudyInstanceUid PLACEHOLDER = new StudyInstanceUid("1.2");
    /** Studies looked up per index query. */
    private static final int LOOKUP_BATCH = 100;

    private final CommandGateway commands;
    private final StudyIndexStore index;
    private final ExportStatusStore status;
    private final RequestAccess access;
    private final ExportSelection selection;
    private final ExportFiles files;
    private final RegionId region;
    private final ExportJobs jobs;

    ExportController(CommandGateway commands, StudyIndexStore index, ExportStatusStore status, RequestAccess access,
                     ExportSelection selection, ExportFiles files, ExportJobs jobs,
                     @Value("${custos.region:local}") String region) {
        this.jobs = jobs;
        this.commands = commands;
        this.index = index;
        this.status = status;
        this.access = access;
        this.selection = selection;
        this.files = files;
        this.region = new RegionId(region);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> request(@RequestBody NewExport body, @AuthenticationPrincipal CustosPrincipal principal) {
        if (body == null || (body.studies() == null) == (body.query() == null)) {
            throw new IllegalArgumentException("exactly one of studies (Study Instance UIDs) or query (matching keys)"
                    + " is required");
        }
        Set<String> options = Set.copyOf(body.profileOptions() == null ? List.of() : body.profileOptions());
        requireDeidentifiable(body.project(), options);
        boolean nifti = Boolean.TRUE.equals(body.nifti());
        TenantId tenant = new TenantId(principal.tenant());
        ExportPlan plan;
        if (body.query() != null) {
            // Validate the plan's own fields before searching (a bad project is a 400 whatever the query finds).
            new ExportPlan(body.project(), body.protocol(), options, List.of(PLACEHOLDER), List.of(), nifti);
            ExportSelection.Resolved resolved;
            try {
                resolved = selection.resolve(tenant, body.query());
            } catch (ExportSelection.BadQuery e) {
                return problem(HttpStatus.BAD_REQUEST, e.getMessage());
            } catch (ExportSelection.Unresolvable e) {
                // Counted, not listed: the researcher learns how many studies match, never which.
                return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
            }
            plan = new ExportPlan(body.project(), body.protocol(), options, resolved.studies(), resolved.query(),
                    nifti);
        } else {
            List<StudyInstanceUid> studies = body.studies().stream().map(StudyInstanceUid::new).toList();
            plan = new ExportPlan(body.project(), body.protocol(), options, studies, List.of(), nifti);
            int unknown = unknownStudies(tenant, studies);
            if (unknown > 0) {
                // Counted, not listed: which UIDs exist in the tenant is not the researcher's to learn here.
                return problem(HttpStatus.UNPROCESSABLE_CONTENT, unknown + " of the studies are not in this archive.");
            }
        }
        List<StudyInstanceUid> studies = plan.studies();
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

    /**
     * A data steward sends a FAILED export back to the job once its cause is mended (a full disk, a key service
     * that was down). The export continues after the last study it recorded. Recorded as a step of the export.
     */
    @PostMapping("/{uuid}/retry")
    ResponseEntity<?> retry(@PathVariable String uuid, @AuthenticationPrincipal CustosPrincipal principal) {
        ExportId id = id(principal, uuid);
        ExportCommandResult result = commands.sendAndWait(new ExportCommands.Retry(id, access.actor()));
        return switch (result) {
            case DONE -> {
                jobs.submit(id);
                yield ResponseEntity.accepted().body(Map.of("exportId", uuid, "state", "APPROVED"));
            }
            case WRONG_ROLE -> problem(HttpStatus.FORBIDDEN, "Only a data steward retries an export.");
            default -> problem(HttpStatus.CONFLICT, "Only a FAILED export is retried.");
        };
    }

    /**
     * The plan's project and options are checked against what the de-identification accepts now, so a typo is a
     * 400 to the researcher, not an approved export that fails in the job.
     */
    private static void requireDeidentifiable(String project, Set<String> options) {
        if (project == null || !ProjectId.isValid(project)) {
            throw new IllegalArgumentException("the project is 1 to 64 lowercase letters, digits, '.', '_' or '-'");
        }
        for (String option : options) {
            if (Arrays.stream(ProfileOption.values()).noneMatch(o -> o.name().equals(option))) {
                throw new IllegalArgumentException("profileOptions holds an option that is not one of "
                        + Arrays.toString(ProfileOption.values()));
            }
        }
    }

    @GetMapping("/{uuid}")
    ResponseEntity<?> status(@PathVariable String uuid, @AuthenticationPrincipal CustosPrincipal principal) {
        return status.find(principal.tenant(), id(principal, uuid))
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "No such export in this tenant."));
    }

    /** The export's manifest (every file with its size and SHA-256). */
    @GetMapping(path = "/{uuid}/manifest", produces = MediaType.ALL_VALUE)
    ResponseEntity<?> manifest(@PathVariable String uuid, @AuthenticationPrincipal CustosPrincipal principal) {
        ExportId id = id(principal, uuid);
        ResponseEntity<?> refused = recordDownload(id, ExportStore.MANIFEST);
        if (refused != null) {
            return refused;
        }
        return files.find(id).<ResponseEntity<?>>map(export -> send(export.manifest(), ExportStore.MANIFEST))
                .orElseGet(ExportController::filesMissing);
    }

    /** One file of the export, by its path in the manifest; nothing else is served. */
    @GetMapping(path = "/{uuid}/files/{*path}", produces = MediaType.ALL_VALUE)
    ResponseEntity<?> file(@PathVariable String uuid, @PathVariable String path,
                           @AuthenticationPrincipal CustosPrincipal principal) {
        ExportId id = id(principal, uuid);
        String relative = path.startsWith("/") ? path.substring(1) : path;
        // A path the manifest does not list is unknown, before anything is read or recorded.
        Optional<ExportFiles.Export> export = files.find(id);
        if (export.isPresent() && !export.get().lists(relative)) {
            return problem(HttpStatus.NOT_FOUND, "No such file in this export (only the manifest's paths are served).");
        }
        ResponseEntity<?> refused = recordDownload(id, relative);
        if (refused != null) {
            return refused;
        }
        return export.flatMap(e -> e.file(relative)).<ResponseEntity<?>>map(f -> send(f, relative))
                .orElseGet(ExportController::filesMissing);
    }

    /** Every file of the export and its manifest as one ZIP, streamed (recorded as one download, "export.zip"). */
    @GetMapping(path = "/{uuid}/archive", produces = MediaType.ALL_VALUE)
    ResponseEntity<?> archive(@PathVariable String uuid, @AuthenticationPrincipal CustosPrincipal principal,
                              HttpServletResponse response) throws IOException {
        ExportId id = id(principal, uuid);
        ResponseEntity<?> refused = recordDownload(id, ARCHIVE);
        if (refused != null) {
            return refused;
        }
        ExportFiles.Export export = files.find(id).orElse(null);
        if (export == null) {
            return filesMissing();
        }
        response.setStatus(HttpStatus.OK.value());
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(uuid + ".zip").build().toString());
        try (ZipOutputStream zip = new ZipOutputStream(response.getOutputStream())) {
            zipEntry(zip, export, ExportStore.MANIFEST);
            for (String path : export.paths()) {
                zipEntry(zip, export, path);
            }
        }
        return null;
    }

    /** One entry, opened through the store; a listed file the store does not have is left out. */
    private static void zipEntry(ZipOutputStream zip, ExportFiles.Export export, String path) throws IOException {
        Optional<InputStream> file = export.open(path);
        if (file.isEmpty()) {
            return;
        }
        try (InputStream in = file.get()) {
            zip.putNextEntry(new ZipEntry(path));
            in.transferTo(zip);
            zip.closeEntry();
        }
    }

    /**
     * The aggregate decides and records every download or refusal before a byte is sent: only the requester or
     * a data steward of the tenant, only a completed export. Null when allowed.
     */
    private ResponseEntity<?> recordDownload(ExportId id, String file) {
        ExportCommandResult result = commands.sendAndWait(new ExportCommands.RecordDownload(id, file, access.actor()));
        return switch (result) {
            case DONE, ALREADY_DONE -> null;
            case WRONG_ROLE -> problem(HttpStatus.FORBIDDEN,
                    "Only the researcher who requested the export, or a data steward of the tenant, downloads it.");
            default -> problem(HttpStatus.CONFLICT, "The export is not completed; nothing can be downloaded yet.");
        };
    }

    /** Completed, but the store does not hold it here (e.g. another node's store, or removed). */
    private static ResponseEntity<Map<String, Object>> filesMissing() {
        return problem(HttpStatus.NOT_FOUND, "The export's files are not in this archive's export store.");
    }

    /** Streamed from disk (never read into memory). */
    private static ResponseEntity<Resource> send(Path file, String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return ResponseEntity.ok()
                .contentType(contentType(name))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build()
                        .toString())
                .body(new FileSystemResource(file));
    }

    private static MediaType contentType(String name) {
        if (name.endsWith(".json")) {
            return MediaType.APPLICATION_JSON;
        }
        if (name.endsWith(".dcm")) {
            return DICOM;
        }
        return MediaType.APPLICATION_OCTET_STREAM;
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
