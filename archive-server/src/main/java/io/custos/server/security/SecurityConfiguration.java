package io.custos.server.security;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP security baseline: every request needs a bearer JWT (stateless, no session, no CSRF since no
 * cookies are used), and the {@link AccessPolicy} decides per endpoint group. The only public paths are the
 * static files of the viewer (GET/HEAD {@code /viewer/**}) and of the auditor page ({@code /auditor/**}),
 * which hold no data.
 *
 * <p>Token claims: {@code iss}, {@code sub}, {@code exp}, {@code iat} (all required), {@code nbf}
 * (optional), {@code custos_tenant} (string), {@code custos_roles} (array of clinician, researcher,
 * data-steward, auditor, tenant-admin, service) and {@code custos_regions} (array of region ids). The
 * three custos_* names are configurable under {@code custos.security.claims.*} for external IdPs.
 *
 * <p>Required beans from elsewhere: an {@link AccessDenialRecorder} (the audit port), and in local mode a
 * {@link TokenSigningKeySource}. Provides: the security filter chain, {@link JwtDecoder},
 * {@link AccessPolicy}, {@link CurrentPrincipal}, and in local mode a {@link TokenMinter}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(CustosSecurityProperties.class)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain custosSecurityFilterChain(HttpSecurity http, JwtDecoder jwtDecoder,
                                                  CustosSecurityProperties properties,
                                                  AccessDenialRecorder recorder, AccessPolicy policy,
                                                  @Value("${custos.region:local}") String serverRegion,
                                                  io.custos.archive.residency.ResidencyPolicy residency) throws Exception {
        DenialAuditor auditor = new DenialAuditor(recorder, Clock.systemUTC());
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(auditor);
        ProblemAccessDeniedHandler deniedHandler = new ProblemAccessDeniedHandler(auditor);
        CustosAuthorizationManager authorization = new CustosAuthorizationManager(policy, serverRegion, residency);

        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .oauth2ResourceServer(o -> o
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(deniedHandler)
                        .jwt(jwt -> jwt.decoder(jwtDecoder)
                                .jwtAuthenticationConverter(new CustosAuthenticationConverter(properties.claims()))))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler))
                .authorizeHttpRequests(a -> a
                        // Error dispatches only follow a request that was already authorised (or refused
                        // by us without an error dispatch); re-checking /error would turn 4xx/5xx into 403.
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        // The viewer's static files (OHIF, its login page) hold no data and are public; every
                        // DICOMweb call they make carries the user's bearer token (docs/viewer.md).
                        .requestMatchers(HttpMethod.GET, "/viewer", "/viewer/**").permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/viewer", "/viewer/**").permitAll()
                        // The same for the auditor page's files; the reports it asks for (/audit/**) are not
                        // public (docs/audit.md, "The auditor page").
                        .requestMatchers(HttpMethod.GET, "/auditor", "/auditor/**").permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/auditor", "/auditor/**").permitAll()
                        .anyRequest().access(authorization));
        return http.build();
    }

    @Bean
    AccessPolicy custosAccessPolicy() {
        return AccessPolicy.baseline();
    }

    @Bean
    CurrentPrincipal currentPrincipal() {
        return new CurrentPrincipal();
    }

    /** Embedded issuer: tokens signed with the local ES256 key. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(IssuerMode.Local.class)
    static class LocalIssuer {

        @Bean
        JwtDecoder custosJwtDecoder(ObjectProvider<TokenSigningKeySource> keySource, CustosSecurityProperties properties) {
            return CustosJwtDecoders.local(require(keySource), properties.issuer(), properties.clockSkew(),
                    Clock.systemUTC());
        }

        @Bean
        TokenMinter custosTokenMinter(ObjectProvider<TokenSigningKeySource> keySource, CustosSecurityProperties properties) {
            return new TokenMinter(require(keySource), properties.issuer(), properties.claims(), Clock.systemUTC());
        }

        private static TokenSigningKeySource require(ObjectProvider<TokenSigningKeySource> keySource) {
            TokenSigningKeySource source = keySource.getIfAvailable();
            if (source == null) {
                throw new IllegalStateException("Local token issuer needs a TokenSigningKeySource bean; "
                        + "or set custos.security.issuer-uri to use an external OIDC provider");
            }
            return source;
        }
    }

    /** External OIDC provider, found through discovery or a JWK set URI. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(IssuerMode.External.class)
    static class ExternalIssuer {

        @Bean
        JwtDecoder custosJwtDecoder(CustosSecurityProperties properties, Environment environment) {
            String issuerUri = properties.issuerUri() != null && !properties.issuerUri().isBlank()
                    ? properties.issuerUri()
                    : environment.getProperty(IssuerMode.SPRING_ISSUER_URI);
            String jwkSetUri = environment.getProperty(IssuerMode.SPRING_JWK_SET_URI);
            boolean hasIssuerUri = issuerUri != null && !issuerUri.isBlank();
            boolean hasJwkSetUri = jwkSetUri != null && !jwkSetUri.isBlank();
            String expectedIssuer = hasIssuerUri ? issuerUri : properties.issuer();
            return CustosJwtDecoders.external(hasIssuerUri ? issuerUri : null, hasJwkSetUri ? jwkSetUri : null,
                    expectedIssuer, properties.clockSkew(), Clock.systemUTC());
        }
    }
}
