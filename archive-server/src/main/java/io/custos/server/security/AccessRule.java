package io.custos.server.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * One endpoint group of the {@link AccessPolicy}: the methods and path pattern (Spring PathPattern
 * syntax; {@code /a/**} also matches {@code /a}) and the roles allowed to call it.
 */
public record AccessRule(String name, Set<HttpMethod> methods, String pathPattern, Set<Role> allowedRoles) {

    public AccessRule {
        Objects.requireNonNull(name, "name");
        methods = Set.copyOf(methods);
        Objects.requireNonNull(pathPattern, "pathPattern");
        allowedRoles = Set.copyOf(allowedRoles);
    }

    boolean matches(HttpServletRequest request) {
        return matchers().stream().anyMatch(m -> m.matches(request));
    }

    boolean allows(Set<Role> roles) {
        return roles.stream().anyMatch(allowedRoles::contains);
    }

    private List<RequestMatcher> matchers() {
        return methods.stream()
                .<RequestMatcher>map(m -> PathPatternRequestMatcher.withDefaults().matcher(m, pathPattern))
                .toList();
    }
}
