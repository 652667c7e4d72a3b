package io.custos.server.viewer;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every viewer response (pages, scripts and errors alike): the content security policy,
 * no Referer (viewer URLs carry Study Instance UIDs), and a browsing context of its own so no other window
 * can reach the tab holding the token.
 */
final class ViewerResponseHeaders extends OncePerRequestFilter {

    private final ViewerContentSecurityPolicy policy;

    ViewerResponseHeaders(ViewerContentSecurityPolicy policy) {
        this.policy = policy;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", policy.headerValue());
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        chain.doFilter(request, response);
    }
}
