package io.custos.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints ES256 tokens for the embedded issuer (the {@code custos token} command, tests, local setups).
 *
 * <p>Claims written: {@code iss} (configured issuer), {@code sub}, {@code iat}, {@code exp}, {@code jti}
 * (random, so an audit trail can tell two tokens apart) and, under the configured names,
 * the tenant (string), roles (array of {@link Role#claimValue()}) and regions (array).
 * Header: {@code alg=ES256}, {@code typ=JWT}, {@code kid} from the key source.
 */
public final class TokenMinter {

    /** Upper bound on lifetime, so a typo on the command line cannot create a practically eternal token. */
    public static final Duration MAX_TTL = Duration.ofDays(30);

    private final TokenSigningKeySource keySource;
    private final String issuer;
    private final CustosSecurityProperties.Claims claims;
    private final Clock clock;

    public TokenMinter(TokenSigningKeySource keySource, String issuer,
                       CustosSecurityProperties.Claims claims, Clock clock) {
        this.keySource = Objects.requireNonNull(keySource, "keySource");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.claims = Objects.requireNonNull(claims, "claims");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String mint(TokenRequest request) {
        Instant now = clock.instant();
        JWTClaimsSet claimsSet = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(request.subject())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(request.ttl())))
                .jwtID(UUID.randomUUID().toString())
                .claim(claims.tenant(), request.tenant())
                .claim(claims.roles(), request.roles().stream().map(Role::claimValue).sorted().toList())
                .claim(claims.regions(), request.regions().stream().sorted().toList())
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(JOSEObjectType.JWT)
                .keyID(keySource.keyId())
                .build();
        SignedJWT jwt = new SignedJWT(header, claimsSet);
        try {
            jwt.sign(new ECDSASigner(signingKey()));
        } catch (JOSEException e) {
            // The message names the algorithm/curve problem only; no key material is included.
            throw new IllegalStateException("Token signing failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private ECPrivateKey signingKey() {
        LocalSigningKeys.requireP256(keySource.keyPair());
        return (ECPrivateKey) keySource.keyPair().getPrivate();
    }
}
