package io.custos.query.wado;

/**
 * The seam for the access trail (issue 3, "Access events"): every WADO-RS request that passed security,
 * whether it succeeded or failed, is reported here exactly once, after the response was written (or
 * abandoned), with what was read and how it ended. Refusals by the security layer (401/403) never reach a
 * controller; they are recorded by the server's denial auditor instead.
 *
 * <p>Implementations must not block for long (they run on the request thread) and must not log PHI;
 * the UIDs in a {@link WadoRead} are identifiers for the audit trail, not for logs.
 */
@FunctionalInterface
public interface ReadRecorder {
    void record(WadoRead read);
}
