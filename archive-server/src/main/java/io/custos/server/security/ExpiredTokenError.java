package io.custos.server.security;

import java.io.Serial;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * Marks an expired token among the validation errors, so the entry point can answer EXPIRED rather
 * than a generic INVALID_TOKEN without parsing error texts.
 */
final class ExpiredTokenError extends OAuth2Error {

    @Serial
    private static final long serialVersionUID = 1L;

    ExpiredTokenError() {
        super(OAuth2ErrorCodes.INVALID_TOKEN, "The token has expired", null);
    }
}
