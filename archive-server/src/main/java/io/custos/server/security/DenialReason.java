package io.custos.server.security;

/** Why a request was refused; the {@link #name()} is the code recorded in {@link AccessDenial#reason()}. */
public enum DenialReason {
    /** No bearer token in the Authorization header (401). */
    NO_TOKEN(401),
    /** Malformed, wrongly signed, wrong issuer, wrong algorithm or missing required claims (401). */
    INVALID_TOKEN(401),
    /** Authentic token whose {@code exp} has passed (beyond the allowed clock skew) (401). */
    EXPIRED(401),
    /** None of the token's roles is allowed for the endpoint group, or no rule covers the endpoint (403). */
    WRONG_ROLE(403),
    /** The server's own region ({@code custos.region}) is not among the token's regions (403). */
    WRONG_REGION(403),
    /** The token carries no tenant claim (403). */
    NO_TENANT(403);

    private final int status;

    DenialReason(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
