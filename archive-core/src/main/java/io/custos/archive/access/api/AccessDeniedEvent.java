package io.custos.archive.access.api;

/**
 * A request was refused by authentication or authorization. Recorded for every denial, including those
 * without a valid token (subject and tenant are then null): an auditor must see attempts, not only access.
 * The path is recorded without its query string, which may carry PHI (e.g. PatientName=...).
 */
public record AccessDeniedEvent(
        String subject,
        String tenant,
        String role,
        String sourceAddress,
        String method,
        String path,
        int httpStatus,
        String reason) {
}
