package io.custos.server.residency;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;
import io.custos.archive.residency.ResidencyPolicy;
import io.custos.server.config.CustosProperties;
import io.custos.server.config.TenantProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The tenants' allowed regions, from {@code custos.tenants.<tenant>.regions}. */
@Configuration(proxyBeanMethods = false)
class ResidencyConfiguration {

    @Bean
    ResidencyPolicy residencyPolicy(TenantProperties tenants, CustosProperties custos) {
        RegionId home = new RegionId(custos.region());
        Map<TenantId, Set<RegionId>> allowed = new LinkedHashMap<>();
        tenants.tenants().forEach((tenant, settings) -> {
            Set<RegionId> regions = new LinkedHashSet<>();
            settings.regions().forEach(r -> regions.add(new RegionId(r.strip())));
            allowed.put(new TenantId(tenant), regions.isEmpty() ? Set.of(home) : regions);
        });
        return new ResidencyPolicy(allowed, Set.of(home));
    }
}
