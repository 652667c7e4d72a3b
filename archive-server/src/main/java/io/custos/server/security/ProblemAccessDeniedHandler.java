package io.custos.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 403 for authenticated requests the policy refuses. The reason comes from the
 * {@link CustosAuthorizationDecision}; any other AccessDeniedException (e.g. method security added
 * later) counts as WRONG_ROLE.
 */
final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    private final DenialAuditor auditor;

    ProblemAccessDeniedHandler(DenialAuditor auditor) {
        this.auditor = Objects.requireNonNull(auditor, "auditor");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException exception) throws IOException {
        DenialReason reason = DenialReason.WRONG_ROLE;
        String detail = "The token's roles may not call this endpoint.";
        if (exception instanceof AuthorizationDeniedException denied
                && denied.getAuthorizationResult() instanceof CustosAuthorizationDecision decision) {
            reason = decision.reason().orElse(reason);
            detail = decision.detail().orElse(detail);
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        auditor.record(request, authentication instanceof CustosAuthentication custos ? custos : null, reason);
        ProblemResponses.write(response, reason, detail);
    }
}
