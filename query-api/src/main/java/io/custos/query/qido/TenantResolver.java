package io.custos.query.qido;

import io.custos.archive.domain.TenantId;

/**
 * The tenant of the current request, from the authenticated principal. Implemented by the server's security
 * layer; QIDO never takes a tenant from a request parameter, so a client cannot ask for another tenant.
 */
public interface TenantResolver {
    TenantId currentTenant();
}
