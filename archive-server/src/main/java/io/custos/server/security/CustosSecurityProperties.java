package io.custos.server.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.security.*} settings.
 *
 * @param issuer     expected {@code iss} of tokens from the embedded issuer, and the {@code iss} the
 *                   {@link TokenMinter} writes (default {@code custos-local}). With only a JWK set URI
 *                   configured, set it to the IdP's issuer.
 * @param issuerUri  OIDC issuer of an external IdP; when set (or when Spring's
 *                   {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}/{@code jwk-set-uri} is),
 *                   tokens are verified through OIDC discovery / JWKS instead of the local key
 * @param clockSkew  tolerance when checking {@code exp}/{@code nbf} (default 30s)
 * @param claims     names of the Custos-specific claims, configurable for IdPs that cannot emit ours
 */
@ConfigurationProperties("custos.security")
public record CustosSecurityProperties(
        @DefaultValue("custos-local") String issuer,
        String issuerUri,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue Claims claims) {

    /** Claim names; the defaults are what the embedded issuer mints. */
    public record Claims(
            @DefaultValue("custos_tenant") String tenant,
            @DefaultValue("custos_roles") String roles,
            @DefaultValue("custos_regions") String regions) {

        public static Claims defaults() {
            return new Claims("custos_tenant", "custos_roles", "custos_regions");
        }
    }
}
