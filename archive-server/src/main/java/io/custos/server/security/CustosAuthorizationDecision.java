package io.custos.server.security;

import java.util.Optional;
import org.springframework.security.authorization.AuthorizationDecision;

/**
 * An authorization decision that, when negative, says why; Spring hands it to the access denied
 * handler inside AuthorizationDeniedException, which is how the reason reaches the audit record.
 */
public final class CustosAuthorizationDecision extends AuthorizationDecision {

    private final DenialReason reason;
    private final String detail;

    private CustosAuthorizationDecision(boolean granted, DenialReason reason, String detail) {
        super(granted);
        this.reason = reason;
        this.detail = detail;
    }

    static CustosAuthorizationDecision granted() {
        return new CustosAuthorizationDecision(true, null, null);
    }

    /** A refusal that says nothing (e.g. no authentication yet; the entry point then answers 401). */
    static CustosAuthorizationDecision deniedUnauthenticated() {
        return new CustosAuthorizationDecision(false, null, null);
    }

    static CustosAuthorizationDecision denied(DenialReason reason, String detail) {
        return new CustosAuthorizationDecision(false, reason, detail);
    }

    public Optional<DenialReason> reason() {
        return Optional.ofNullable(reason);
    }

    /** Client-facing explanation; built from policy data only, never from request content. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    @Override
    public String toString() {
        return "CustosAuthorizationDecision[granted=" + isGranted() + ", reason=" + reason + "]";
    }
}
