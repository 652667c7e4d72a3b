package io.custos.server.security;

import java.time.Instant;

/**
 * One refused HTTP request, as handed to the audit port.
 *
 * @param at            when the request was refused
 * @param subject       token subject; null when there was no token or it could not be verified
 *                      (unverified token contents are never recorded)
 * @param tenant        tenant claim of a verified token; null otherwise
 * @param role          the verified token's recognised roles as comma-separated claim values
 *                      (e.g. {@code "researcher"}); null when there is no verified token
 * @param sourceAddress remote address as seen by the servlet container
 * @param method        HTTP method
 * @param path          request path only; the query string is deliberately left out because it may carry PHI
 * @param status        HTTP status sent (401 or 403)
 * @param reason        a {@link DenialReason} name: NO_TOKEN, INVALID_TOKEN, EXPIRED, WRONG_ROLE, WRONG_REGION, NO_TENANT
 */
public record AccessDenial(
        Instant at,
        String subject,
        String tenant,
        String role,
        String sourceAddress,
        String method,
        String path,
        int status,
        String reason) {
}
