package io.custos.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.archive.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class VerifiedTokenCacheTest {

    private final TokenSigningKeySource keys = TestSigningKeys.generate("kid-1");
    private final MovableClock clock = new MovableClock(Instant.now());
    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtDecoder decoder = countingLocalDecoder();

    @Test
    void verifiesTheSignatureOfATokenOnce() {
        String token = mint(Duration.ofHours(1));
        assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
        assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        String token = mint(Duration.ofMinutes(2));
        decoder.decode(token);
        clock.advance(Duration.ofMinutes(3));
        assertThatThrownBy(() -> decoder.decode(token))
                .isInstanceOfSatisfying(JwtValidationException.class,
                        e -> assertThat(e.getErrors()).anyMatch(ExpiredTokenError.class::isInstance));
    }

    @Test
    void aTokenDifferingInAnyByteIsVerifiedAgain() {
        String token = mint(Duration.ofHours(1));
        decoder.decode(token);
        int last = token.length() - 2;
        String tampered = token.substring(0, last) + (token.charAt(last) == 'A' ? 'B' : 'A') + token.substring(last + 1);
        assertThatThrownBy(() -> decoder.decode(tampered)).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    private String mint(Duration ttl) {
        return new TokenMinter(keys, "custos-local", CustosSecurityProperties.Claims.defaults(), clock)
                .mint(new TokenRequest("alice", Set.of(Role.CLINICIAN), "acme", Set.of("local"), ttl));
    }

    /** The real local decoder, with a count of how often the signature path runs. */
    private JwtDecoder countingLocalDecoder() {
        JwtDecoder verifying = CustosJwtDecoders.local(keys, "custos-local", Duration.ZERO, clock);
        JwtDecoder counted = token -> {
            verifications.incrementAndGet();
            return verifying.decode(token);
        };
        return new VerifiedTokenCache(counted, CustosJwtDecoders.validator("custos-local", Duration.ZERO, clock),
                100, Duration.ofMinutes(5));
    }
}
