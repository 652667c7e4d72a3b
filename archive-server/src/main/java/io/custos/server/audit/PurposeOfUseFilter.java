package io.custos.server.audit;

import io.custos.archive.access.api.PurposeOfUse;
import io.custos.server.security.CurrentPrincipal;
import io.custos.server.security.CustosPrincipal;
import io.custos.server.security.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resolves the purpose of use of every authorised request before any controller runs: the
 * {@value #HEADER} header (an HL7 PurposeOfUse code), or the default of the caller's role. An unknown code
 * is refused with 400 problem+json, before any data is read, so no access is ever recorded under a purpose
 * nobody defined. Runs after the security filter chain (default filter order), so the caller is known.
 */
final class PurposeOfUseFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Purpose-Of-Use";
    static final String ATTRIBUTE = PurposeOfUse.class.getName();

    /** Role defaults, first matching role in {@link Role} order wins. */
    private static final Map<Role, PurposeOfUse> DEFAULTS = Map.of(
            Role.CLINICIAN, PurposeOfUse.TREAT,
            Role.SERVICE, PurposeOfUse.HOPERAT,
            Role.TENANT_ADMIN, PurposeOfUse.HSYSADMIN,
            Role.AUDITOR, PurposeOfUse.HCOMPL,
            Role.RESEARCHER, PurposeOfUse.HRESCH,
            Role.DATA_STEWARD, PurposeOfUse.HOPERAT);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CurrentPrincipal principal;

    PurposeOfUseFilter(CurrentPrincipal principal) {
        this.principal = principal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HEADER);
        Optional<PurposeOfUse> purpose = header == null
                ? principal.find().map(PurposeOfUseFilter::defaultFor)
                : PurposeOfUse.fromCode(header.strip());
        if (header != null && purpose.isEmpty()) {
            refuse(response);
            return;
        }
        purpose.ifPresent(p -> request.setAttribute(ATTRIBUTE, p));
        chain.doFilter(request, response);
    }

    static PurposeOfUse defaultFor(CustosPrincipal caller) {
        for (Role role : Role.values()) {
            if (caller.hasRole(role)) {
                return DEFAULTS.get(role);
            }
        }
        return PurposeOfUse.HOPERAT;
    }

    /** The detail never echoes the header's value. */
    private static void refuse(HttpServletResponse response) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:custos:problem:unknown-purpose-of-use");
        problem.put("title", "Unknown purpose of use");
        problem.put("status", 400);
        problem.put("detail", HEADER + " must be one of the HL7 PurposeOfUse codes this archive accepts: "
                + Arrays.toString(PurposeOfUse.values()));
        response.setStatus(400);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
