package io.custos.server.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Turns a verified JWT into a {@link CustosAuthentication}, reading the Custos claims under their
 * configured names. Array claims also accept a space-separated string, which some IdPs emit.
 * Unknown role names are ignored (they grant nothing). A missing tenant does not fail authentication
 * here: the request is authenticated but refused with 403 NO_TENANT, which is what the caller needs to
 * know (the token is genuine, just not usable here).
 */
public final class CustosAuthenticationConverter implements Converter<Jwt, CustosAuthentication> {

    private final CustosSecurityProperties.Claims claims;

    public CustosAuthenticationConverter(CustosSecurityProperties.Claims claims) {
        this.claims = Objects.requireNonNull(claims, "claims");
    }

    @Override
    public CustosAuthentication convert(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        strings(jwt.getClaims().get(claims.roles())).stream()
                .map(Role::fromClaim)
                .flatMap(Optional::stream)
                .forEach(roles::add);
        Set<String> regions = new LinkedHashSet<>(strings(jwt.getClaims().get(claims.regions())));
        return new CustosAuthentication(jwt, jwt.getSubject(), tenant(jwt), roles, regions);
    }

    private String tenant(Jwt jwt) {
        Object value = jwt.getClaims().get(claims.tenant());
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    private static List<String> strings(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(String.class::isInstance).map(String.class::cast)
                    .filter(s -> !s.isBlank()).toList();
        }
        if (claim instanceof String s) {
            return Arrays.stream(s.trim().split("\\s+")).filter(v -> !v.isBlank()).toList();
        }
        return List.of();
    }
}
