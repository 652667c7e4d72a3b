package io.custos.server.ingest;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.ingest.api.IngestRequest;
import io.custos.archive.ingest.api.IngestSource;
import io.custos.archive.ingest.stow.StowRequestException;
import io.custos.archive.ingest.stow.StowResult;
import io.custos.archive.ingest.stow.StowService;
import io.custos.archive.domain.DicomUid;
import io.custos.server.security.CustosPrincipal;
import io.custos.server.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.io.IOException;
import java.util.Optional;
import java.util.stream.Collectors;

/** STOW-RS, PS3.18 10.5: {@code POST /dicom-web/studies} and {@code POST /dicom-web/studies/{study}}. */
@RestController
class StowController {

    private static final MediaType DICOM_JSON = MediaType.parseMediaType("application/dicom+json");

    private final StowService stow;
    private final RegionId region;

    StowController(StowService stow, ServerRegion region) {
        this.stow = stow;
        this.region = region.id();
    }

    @PostMapping("/dicom-web/studies")
    ResponseEntity<?> storeInstances(HttpServletRequest request,
                                   @AuthenticationPrincipal CustosPrincipal principal) throws IOException {
        return store(request, principal, Optional.empty());
    }

    @PostMapping("/dicom-web/studies/{study}")
    ResponseEntity<?> storeStudyInstances(@PathVariable String study, HttpServletRequest request,
                                          @AuthenticationPrincipal CustosPrincipal principal) throws IOException {
        if (!DicomUid.isValid(study)) {
            return problem(HttpStatus.BAD_REQUEST, "The study in the path is not a valid DICOM UID (PS3.5 9.1)");
        }
        return store(request, principal, Optional.of(new StudyInstanceUid(study)));
    }

    private ResponseEntity<?> store(HttpServletRequest http, CustosPrincipal principal,
                                    Optional<StudyInstanceUid> target) throws IOException {
        IngestRequest request = new IngestRequest(new TenantId(principal.tenant()), region,
                IngestSource.stow(principal.subject(), roles(principal), http.getRemoteAddr()));
        StowResult result;
        try {
            result = stow.store(request, target, http.getContentType(), http.getInputStream());
        } catch (StowRequestException refused) {
            return problem(HttpStatus.valueOf(refused.httpStatus()), refused.getMessage());
        }
        String root = ServletUriComponentsBuilder.fromContextPath(http).path("/dicom-web").toUriString();
        return ResponseEntity.status(result.httpStatus()).contentType(DICOM_JSON)
                .body(StowResponse.of(result, root));
    }

    private static String roles(CustosPrincipal principal) {
        return principal.roles().stream().map(Role::claimValue).sorted().collect(Collectors.joining(","));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle("STOW-RS request refused");
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
