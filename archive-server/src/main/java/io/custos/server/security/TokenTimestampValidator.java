package io.custos.server.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Time checks with a small skew. Unlike Spring's JwtTimestampValidator it requires {@code exp} and
 * {@code iat} (a token without expiry would be valid forever) and reports expiry as
 * {@link ExpiredTokenError} so it can be audited as EXPIRED.
 */
final class TokenTimestampValidator implements OAuth2TokenValidator<Jwt> {

    private final Duration skew;
    private final Clock clock;

    TokenTimestampValidator(Duration skew, Clock clock) {
        this.skew = Objects.requireNonNull(skew, "skew");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        Instant now = clock.instant();
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return invalid("The exp claim is required");
        }
        if (now.minus(skew).isAfter(expiresAt)) {
            return OAuth2TokenValidatorResult.failure(new ExpiredTokenError());
        }
        Instant issuedAt = jwt.getIssuedAt();
        if (issuedAt == null) {
            return invalid("The iat claim is required");
        }
        if (issuedAt.isAfter(now.plus(skew))) {
            return invalid("The iat claim is in the future");
        }
        Instant notBefore = jwt.getNotBefore();
        if (notBefore != null && notBefore.isAfter(now.plus(skew))) {
            return invalid("The token is not valid yet (nbf)");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
