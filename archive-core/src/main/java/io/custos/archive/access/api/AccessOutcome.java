package io.custos.archive.access.api;

/** How an allowed request ended. Refusals by the security layer are {@link AccessDeniedEvent}s instead. */
public enum AccessOutcome {
    /** Data was sent. */
    SUCCESS,
    /** The search matched nothing for this tenant: nothing was disclosed. */
    NO_MATCH,
    /** The named study, series or instance does not exist for this tenant. */
    NOT_FOUND,
    /** No acceptable representation (406). */
    NOT_ACCEPTABLE,
    /** Malformed path or parameters (400). */
    BAD_REQUEST,
    /** The server failed, or the client went away mid-response; the byte count says how far it got. */
    FAILED
}
