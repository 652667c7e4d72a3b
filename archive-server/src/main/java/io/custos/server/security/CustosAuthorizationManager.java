package io.custos.server.security;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;
import io.custos.archive.residency.ResidencyPolicy;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Applies, in this order: the token must name a tenant (NO_TENANT), must allow this server's region
 * (WRONG_REGION), the tenant must allow its data in that region (WRONG_REGION, per
 * {@code custos.tenants.<tenant>.regions}), and one of its roles must be allowed by the {@link AccessPolicy} rule covering the
 * request (WRONG_ROLE, also when no rule covers it). Requests carry no region parameter: the region
 * is the server's own ({@code custos.region}).
 */
public final class CustosAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

    private final AccessPolicy policy;
    private final String serverRegion;

    private final ResidencyPolicy residency;
    private final RegionId serverRegionId;

    public CustosAuthorizationManager(AccessPolicy policy, String serverRegion, ResidencyPolicy residency) {
        this.residency = Objects.requireNonNull(residency, "residency");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (serverRegion == null || serverRegion.isBlank()) {
            throw new IllegalArgumentException("custos.region must not be blank");
        }
        this.serverRegion = serverRegion;
        this.serverRegionId = new RegionId(serverRegion);
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext context) {
        if (!(authentication.get() instanceof CustosAuthentication auth)) {
            // Anonymous: Spring's ExceptionTranslationFilter turns this into the 401 entry point.
            return CustosAuthorizationDecision.deniedUnauthenticated();
        }
        if (auth.tenant() == null) {
            return CustosAuthorizationDecision.denied(DenialReason.NO_TENANT, "The token carries no tenant claim.");
        }
        if (!auth.regions().contains(serverRegion)) {
            return CustosAuthorizationDecision.denied(DenialReason.WRONG_REGION,
                    "The token does not grant access to region '" + serverRegion + "', which this server serves.");
        }
        if (!tenantAllowsServerRegion(auth.tenant())) {
            return CustosAuthorizationDecision.denied(DenialReason.WRONG_REGION,
                    "The tenant does not allow its data in region '" + serverRegion + "', which this server serves.");
        }
        Optional<AccessRule> rule = policy.ruleFor(context.getRequest());
        if (rule.isEmpty()) {
            return CustosAuthorizationDecision.denied(DenialReason.WRONG_ROLE,
                    "No role may call this endpoint under policy '" + policy.name() + "'.");
        }
        if (!rule.get().allows(auth.roles())) {
            return CustosAuthorizationDecision.denied(DenialReason.WRONG_ROLE,
                    "The token's roles may not call '" + rule.get().name() + "' endpoints.");
        }
        return CustosAuthorizationDecision.granted();
    }

    private boolean tenantAllowsServerRegion(String tenant) {
        try {
            return residency.allows(new TenantId(tenant), serverRegionId);
        } catch (IllegalArgumentException malformedTenant) {
            return false;
        }
    }
}
