package io.custos.server.keys;

import static io.custos.server.web.Problems.problem;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.keymanagement.api.KekRotatedEvent;
import io.custos.archive.keymanagement.api.KekVersionRetiredEvent;
import io.custos.keys.KekStatus;
import io.custos.keys.KeyServiceException;
import io.custos.server.security.CustosPrincipal;
import io.custos.server.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The tenant admin's key API (role tenant-admin, see the access policy): the caller's own tenant, from the token,
 * in this node's region ({@code custos.region}). No request names a tenant or a region.
 */
@RestController
@RequestMapping("/admin/keys")
class KeyAdminController {

    private static final Logger log = LoggerFactory.getLogger(KeyAdminController.class);

    private final KeyAdministration keys;

    KeyAdminController(KeyAdministration keys) {
        this.keys = keys;
    }

    @GetMapping
    Map<String, Object> status(@AuthenticationPrincipal CustosPrincipal principal) {
        KekStatus status = keys.status(principal.tenant());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", status.scope().tenant());
        body.put("region", status.scope().region());
        body.put("kekId", status.versions().kekId());
        body.put("currentVersion", status.versions().current());
        body.put("minDecryptionVersion", status.versions().minDecryptionVersion());
        body.put("wrappedKeysByVersion", status.wrappedKeysByVersion().entrySet().stream().collect(
                Collectors.toMap(e -> Integer.toString(e.getKey()), Map.Entry::getValue, (a, b) -> a,
                        LinkedHashMap::new)));
        body.put("outdatedKeys", status.outdatedKeys());
        body.put("rewrapRunning", keys.rewrapInProgress(principal.tenant()).isPresent());
        return body;
    }

    /** 202: the new version is current now; the rewrap of older data keys runs in the background. */
    @PostMapping("/rotation")
    ResponseEntity<Map<String, Object>> rotate(@AuthenticationPrincipal CustosPrincipal principal,
                                               HttpServletRequest request) {
        KekRotatedEvent rotated = keys.rotate(actor(principal, request));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kekId", rotated.kekId());
        body.put("previousVersion", rotated.previousVersion());
        body.put("currentVersion", rotated.newVersion());
        body.put("dataKeysToRewrap", rotated.outdatedDataKeys());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }

    /** 202: resumes a rewrap that did not finish (e.g. interrupted by a restart). */
    @PostMapping("/rewrap")
    ResponseEntity<Void> rewrap(@AuthenticationPrincipal CustosPrincipal principal, HttpServletRequest request) {
        keys.rewrap(actor(principal, request));
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    @PostMapping("/versions/{version}/retirement")
    Map<String, Object> retire(@PathVariable int version, @AuthenticationPrincipal CustosPrincipal principal,
                               HttpServletRequest request) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be a positive integer");
        }
        KekVersionRetiredEvent retired = keys.retire(actor(principal, request), version);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kekId", retired.kekId());
        body.put("retiredThroughVersion", retired.retiredThroughVersion());
        body.put("currentVersion", retired.currentVersion());
        return body;
    }

    private static AccessActor actor(CustosPrincipal principal, HttpServletRequest request) {
        String roles = principal.roles().stream().map(Role::claimValue).sorted().collect(Collectors.joining(","));
        return new AccessActor(principal.subject(), roles, principal.tenant(), request.getRemoteAddr());
    }

    @ExceptionHandler(KeyAdministrationConflictException.class)
    ResponseEntity<Map<String, Object>> conflict(KeyAdministrationConflictException e) {
        return problem(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler({IllegalArgumentException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, Object>> badRequest(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, e instanceof MethodArgumentTypeMismatchException
                ? "version must be a positive integer" : e.getMessage());
    }

    @ExceptionHandler(KeyServiceException.class)
    ResponseEntity<Map<String, Object>> keyServiceFailed(KeyServiceException e) {
        log.error("key service operation failed: {}", e.toString());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "the key service failed: " + e.getMessage());
    }
}
