package io.custos.server.audit;

import io.custos.archive.access.api.AccessActor;
import io.custos.archive.access.api.PurposeOfUse;
import io.custos.server.security.CurrentPrincipal;
import io.custos.server.security.CustosPrincipal;
import io.custos.server.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Who is reading and why, for the request on this thread (only valid inside an authorised request). */
public final class RequestAccess {

    private final CurrentPrincipal principal;

    RequestAccess(CurrentPrincipal principal) {
        this.principal = principal;
    }

    public AccessActor actor() {
        CustosPrincipal caller = principal.get();
        String roles = caller.roles().stream().map(Role::claimValue).sorted().collect(Collectors.joining(","));
        return new AccessActor(caller.subject(), roles, caller.tenant(), request().getRemoteAddr());
    }

    PurposeOfUse purpose() {
        Object resolved = request().getAttribute(PurposeOfUseFilter.ATTRIBUTE);
        return resolved instanceof PurposeOfUse p ? p : PurposeOfUseFilter.defaultFor(principal.get());
    }

    /** The query parameters of the request (values may be PHI: hash them, never log them). */
    java.util.Map<String, String[]> parameters() {
        return request().getParameterMap();
    }

    String method() {
        return request().getMethod();
    }

    /** The path without its query string (which may hold PHI), as denials record it. */
    String path() {
        return request().getRequestURI();
    }

    private static HttpServletRequest request() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet) {
            return servlet.getRequest();
        }
        throw new IllegalStateException("No HTTP request on this thread");
    }
}
