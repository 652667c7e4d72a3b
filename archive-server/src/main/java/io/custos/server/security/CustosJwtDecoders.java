package io.custos.server.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.jwt.Jwt;

/** Builds the two kinds of decoder; both apply the same claim validation. */
public final class CustosJwtDecoders {

    /** Distinct bearer tokens remembered as verified (a few hundred bytes each). */
    static final long VERIFIED_TOKENS = 10_000;
    static final Duration VERIFIED_TOKEN_MAX_AGE = Duration.ofMinutes(5);

    private CustosJwtDecoders() {
    }

    /**
     * Embedded issuer: verifies ES256 signatures with the local public key only. The algorithm is pinned
     * so a token claiming another algorithm (e.g. "none" or HS256 with the public key as secret) is rejected.
     */
    public static JwtDecoder local(TokenSigningKeySource keySource, String issuer, Duration clockSkew, Clock clock) {
        JWKSet jwks = new JWKSet(LocalSigningKeys.publicJwk(keySource));
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<SecurityContext>(jwks))
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        OAuth2TokenValidator<Jwt> validator = validator(issuer, clockSkew, clock);
        decoder.setJwtValidator(validator);
        return cached(decoder, validator);
    }

    /**
     * External OIDC IdP. Discovery and the JWKS fetch happen on first use (SupplierJwtDecoder), so the
     * archive starts even while the IdP is briefly unreachable; until then requests fail closed.
     *
     * @param jwkSetUri when set, keys come from here and {@code expectedIssuer} is checked against {@code iss};
     *                  otherwise keys are discovered from {@code issuerUri}
     */
    public static JwtDecoder external(String issuerUri, String jwkSetUri, String expectedIssuer,
                                      Duration clockSkew, Clock clock) {
        OAuth2TokenValidator<Jwt> validator = validator(expectedIssuer, clockSkew, clock);
        return cached(new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = (jwkSetUri != null
                    ? NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
                    : NimbusJwtDecoder.withIssuerLocation(issuerUri))
                    .discoverJwsAlgorithms()
                    .build();
            decoder.setJwtValidator(validator);
            return decoder;
        }), validator);
    }

    /** Signature checks once per distinct token (see {@link VerifiedTokenCache}); claims on every request. */
    private static JwtDecoder cached(JwtDecoder verifying, OAuth2TokenValidator<Jwt> validator) {
        return new VerifiedTokenCache(verifying, validator, VERIFIED_TOKENS, VERIFIED_TOKEN_MAX_AGE);
    }

    static OAuth2TokenValidator<Jwt> validator(String issuer, Duration clockSkew, Clock clock) {
        return new DelegatingOAuth2TokenValidator<>(
                new TokenTimestampValidator(clockSkew, clock),
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank()));
    }
}
