package io.custos.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class TokenMinterTest {

    private final TokenSigningKeySource keys = TestSigningKeys.generate("kid-1");
    private final CustosSecurityProperties.Claims claims = CustosSecurityProperties.Claims.defaults();
    private final JwtDecoder decoder = CustosJwtDecoders.local(keys, "custos-local", Duration.ofSeconds(30), Clock.systemUTC());

    @Test
    void mintedTokenRoundTripsThroughTheLocalDecoder() throws Exception {
        TokenMinter minter = new TokenMinter(keys, "custos-local", claims, Clock.systemUTC());
        String token = minter.mint(new TokenRequest("dr-house", Set.of(Role.CLINICIAN, Role.SERVICE), "acme",
                Set.of("local", "eu-west"), Duration.ofHours(8)));

        Jwt jwt = decoder.decode(token);
        assertThat(jwt.getSubject()).isEqualTo("dr-house");
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("custos-local");
        assertThat(jwt.getClaimAsString("custos_tenant")).isEqualTo("acme");
        assertThat(jwt.getClaimAsStringList("custos_roles")).containsExactly("clinician", "service");
        assertThat(jwt.getClaimAsStringList("custos_regions")).containsExactly("eu-west", "local");
        assertThat(jwt.getId()).isNotBlank();
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofHours(8));

        SignedJWT parsed = SignedJWT.parse(token);
        assertThat(parsed.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(parsed.getHeader().getKeyID()).isEqualTo("kid-1");

        CustosAuthentication auth = new CustosAuthenticationConverter(claims).convert(jwt);
        assertThat(auth.custosPrincipal()).contains(new CustosPrincipal("dr-house", "acme",
                Set.of(Role.CLINICIAN, Role.SERVICE), Set.of("local", "eu-west")));
    }

    @Test
    void configuredClaimNamesAreUsedByMinterAndConverter() {
        var custom = new CustosSecurityProperties.Claims("tid", "groups", "zones");
        String token = new TokenMinter(keys, "custos-local", custom, Clock.systemUTC())
                .mint(new TokenRequest("svc", Set.of(Role.SERVICE), "acme", Set.of("local"), Duration.ofMinutes(5)));

        Jwt jwt = decoder.decode(token);
        assertThat(jwt.getClaimAsString("tid")).isEqualTo("acme");
        assertThat(new CustosAuthenticationConverter(custom).convert(jwt).custosPrincipal())
                .hasValueSatisfying(p -> assertThat(p.roles()).containsExactly(Role.SERVICE));
    }

    @Test
    void expiredTokenIsRejectedAsExpired() {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        String token = new TokenMinter(keys, "custos-local", claims, twoHoursAgo)
                .mint(new TokenRequest("a", Set.of(Role.AUDITOR), "acme", Set.of("local"), Duration.ofHours(1)));

        assertThatThrownBy(() -> decoder.decode(token))
                .isInstanceOfSatisfying(JwtValidationException.class,
                        e -> assertThat(e.getErrors()).anyMatch(ExpiredTokenError.class::isInstance));
    }

    @Test
    void tokenFromAnotherIssuerOrKeyIsRejected() {
        TokenRequest request = new TokenRequest("a", Set.of(Role.CLINICIAN), "acme", Set.of("local"), Duration.ofMinutes(5));
        String otherIssuer = new TokenMinter(keys, "someone-else", claims, Clock.systemUTC()).mint(request);
        String otherKey = new TokenMinter(TestSigningKeys.generate("kid-1"), "custos-local", claims, Clock.systemUTC())
                .mint(request);

        assertThatThrownBy(() -> decoder.decode(otherIssuer)).isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> decoder.decode(otherKey)).isInstanceOf(BadJwtException.class);
    }

    @Test
    void rejectsKeysThatAreNotP256() {
        TokenSigningKeySource p384 = TestSigningKeys.generate("kid-2", "secp384r1");
        TokenMinter minter = new TokenMinter(p384, "custos-local", claims, Clock.systemUTC());
        TokenRequest request = new TokenRequest("a", Set.of(Role.CLINICIAN), "acme", Set.of("local"), Duration.ofMinutes(5));

        assertThatThrownBy(() -> minter.mint(request)).isInstanceOf(IllegalStateException.class).hasMessageContaining("P-256");
        assertThatThrownBy(() -> CustosJwtDecoders.local(p384, "custos-local", Duration.ZERO, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void requestsAreValidated() {
        assertThatThrownBy(() -> new TokenRequest("a", Set.of(), "acme", Set.of("local"), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenRequest("a", Set.of(Role.CLINICIAN), " ", Set.of("local"), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenRequest("a", Set.of(Role.CLINICIAN), "acme", Set.of("local"), Duration.ofDays(31)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenRequest("a", Set.of(Role.CLINICIAN), "acme", Set.of("local"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
