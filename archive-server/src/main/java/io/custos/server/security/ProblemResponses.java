package io.custos.server.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem documents for denials, plus the RFC 6750 {@code WWW-Authenticate} challenge.
 * All texts come from fixed strings and policy data: nothing from the request (and never the token)
 * is echoed back.
 *
 * <p>Body members: {@code type} ({@code urn:custos:problem:<reason in kebab case>}), {@code title},
 * {@code status}, {@code detail}, and the extension member {@code reason} (the {@link DenialReason} code).
 */
final class ProblemResponses {

    static final String REALM = "custos";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    static void write(HttpServletResponse response, DenialReason reason, String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(reason.status());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge(reason, detail));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type(reason));
        body.put("title", title(reason));
        body.put("status", reason.status());
        body.put("detail", detail);
        body.put("reason", reason.name());
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
        response.flushBuffer();
    }

    static String type(DenialReason reason) {
        return "urn:custos:problem:" + reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String title(DenialReason reason) {
        return switch (reason) {
            case NO_TOKEN -> "Authentication required";
            case INVALID_TOKEN -> "Invalid bearer token";
            case EXPIRED -> "Bearer token expired";
            case WRONG_ROLE -> "Role not permitted";
            case WRONG_REGION -> "Region not permitted";
            case NO_TENANT -> "Tenant missing from token";
        };
    }

    /** RFC 6750 section 3: no error attributes when no token was sent at all. */
    private static String challenge(DenialReason reason, String detail) {
        String base = "Bearer realm=\"" + REALM + "\"";
        return switch (reason) {
            case NO_TOKEN -> base;
            case INVALID_TOKEN, EXPIRED -> base + ", error=\"invalid_token\", error_description=\"" + quoted(detail) + "\"";
            case WRONG_ROLE, WRONG_REGION, NO_TENANT ->
                    base + ", error=\"insufficient_scope\", error_description=\"" + quoted(detail) + "\"";
        };
    }

    // Header values must stay on one line and inside the quotes.
    private static String quoted(String text) {
        return text.replaceAll("[\\r\\n]", " ").replace("\\", "\\\\").replace("\"", "'");
    }
}
