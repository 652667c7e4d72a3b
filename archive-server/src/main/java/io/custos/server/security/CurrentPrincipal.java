package io.custos.server.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Access to the caller for controllers and services on the request thread. Controllers may also take
 * {@code @AuthenticationPrincipal CustosPrincipal principal} as a parameter. The tenant must always be
 * taken from here, never from the request.
 */
public final class CurrentPrincipal {

    /** The caller; fails if called outside an authorised request (a programming error, not a client error). */
    public CustosPrincipal get() {
        return find().orElseThrow(() -> new IllegalStateException("No authenticated Custos principal on this thread"));
    }

    public Optional<CustosPrincipal> find() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof CustosAuthentication custos ? custos.custosPrincipal() : Optional.empty();
    }
}
