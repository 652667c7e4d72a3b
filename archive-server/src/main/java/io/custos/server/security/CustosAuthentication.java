package io.custos.server.security;

import java.io.Serial;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A verified bearer token. {@link #getPrincipal()} is a {@link CustosPrincipal} when the token names a
 * tenant; without a tenant it is just the subject, and the authorization manager refuses the request
 * (NO_TENANT), so controllers only ever see complete principals.
 */
public final class CustosAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Jwt token;
    private final String subject;
    private final String tenant;
    private final Set<Role> roles;
    private final Set<String> regions;

    CustosAuthentication(Jwt token, String subject, String tenant, Set<Role> roles, Set<String> regions) {
        super(roles.stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList());
        this.token = Objects.requireNonNull(token, "token");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.tenant = tenant;
        this.roles = Set.copyOf(roles);
        this.regions = Set.copyOf(regions);
        setAuthenticated(true);
    }

    public Optional<CustosPrincipal> custosPrincipal() {
        return tenant == null ? Optional.empty() : Optional.of(new CustosPrincipal(subject, tenant, roles, regions));
    }

    @Override
    public Object getPrincipal() {
        return custosPrincipal().<Object>map(p -> p).orElse(subject);
    }

    /** The verified token, for code that must forward it; never log it. */
    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public String getName() {
        return subject;
    }

    public String subject() {
        return subject;
    }

    /** Null when the token has no (usable) tenant claim. */
    public String tenant() {
        return tenant;
    }

    public Set<Role> roles() {
        return roles;
    }

    public Set<String> regions() {
        return regions;
    }

    /** Roles as sorted, comma-separated claim values, for audit records. */
    String rolesForAudit() {
        return roles.stream().map(Role::claimValue).sorted().collect(Collectors.joining(","));
    }

    // Deliberately not printing the token or claims: toString ends up in debug logs.
    @Override
    public String toString() {
        return "CustosAuthentication[subject=" + subject + ", tenant=" + tenant + ", roles=" + rolesForAudit() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustosAuthentication other && super.equals(other) && token.equals(other.token);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), token);
    }
}
