package io.custos.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 for requests without an acceptable token: NO_TOKEN when none was sent, EXPIRED when an authentic
 * token has expired, INVALID_TOKEN for everything else (malformed, bad signature, unknown key, wrong
 * algorithm, wrong issuer, missing required claims). Each one is recorded before answering.
 */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final DenialAuditor auditor;

    ProblemAuthenticationEntryPoint(DenialAuditor auditor) {
        this.auditor = Objects.requireNonNull(auditor, "auditor");
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException exception) throws IOException {
        DenialReason reason = classify(exception);
        auditor.record(request, null, reason);
        ProblemResponses.write(response, reason, detail(reason, exception));
    }

    static DenialReason classify(AuthenticationException exception) {
        if (!(exception instanceof OAuth2AuthenticationException)) {
            return DenialReason.NO_TOKEN;
        }
        JwtValidationException validation = validationFailure(exception);
        if (validation != null && validation.getErrors().stream().anyMatch(ExpiredTokenError.class::isInstance)) {
            return DenialReason.EXPIRED;
        }
        return DenialReason.INVALID_TOKEN;
    }

    private static String detail(DenialReason reason, AuthenticationException exception) {
        return switch (reason) {
            case NO_TOKEN -> "This endpoint requires an OAuth2 bearer token in the Authorization header.";
            case EXPIRED -> "The bearer token has expired; obtain a new one.";
            default -> {
                JwtValidationException validation = validationFailure(exception);
                // Validator descriptions are fixed texts of our validators and Spring's
                // ("The iss claim is not valid"); decoder messages are not used as they may quote input.
                yield validation == null
                        ? "The bearer token is malformed or its signature does not verify with a trusted key."
                        : "The bearer token was rejected: " + validation.getErrors().stream()
                                .map(e -> e.getDescription() == null ? e.getErrorCode() : e.getDescription())
                                .collect(Collectors.joining("; ")) + ".";
            }
        };
    }

    private static JwtValidationException validationFailure(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof JwtValidationException v) {
                return v;
            }
        }
        return null;
    }
}
