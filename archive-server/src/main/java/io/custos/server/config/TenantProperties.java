package io.custos.server.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Period;
import java.util.List;
import java.util.Map;

/**
 * What each tenant allows and requires: the regions its data may live in, and its minimum retention.
 *
 * <pre>
 * custos.tenants.&lt;tenant&gt;.regions: [eu-west]
 * custos.tenants.&lt;tenant&gt;.retention.minimum: P10Y
 * custos.tenants.&lt;tenant&gt;.retention.by-modality.MG: P20Y
 * custos.retention.default-minimum: P10Y     # tenants without their own retention
 * </pre>
 *
 * A tenant not listed may keep data only in this node's own region ({@code custos.region}).
 */
@ConfigurationProperties(prefix = "custos")
public record TenantProperties(Map<String, Tenant> tenants, @DefaultValue Retention retention) {

    public TenantProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    /** @param regions the regions the tenant allows; empty means only this node's region */
    public record Tenant(List<String> regions, TenantRetention retention) {
        public Tenant {
            regions = regions == null ? List.of() : List.copyOf(regions);
        }
    }

    /** @param minimum the default period; {@code byModality} overrides it per modality (the longest applies) */
    public record TenantRetention(Period minimum, Map<String, Period> byModality) {
        public TenantRetention {
            byModality = byModality == null ? Map.of() : Map.copyOf(byModality);
        }
    }

    /** @param defaultMinimum retention of tenants that configure none; conservative on purpose */
    public record Retention(@DefaultValue("P10Y") Period defaultMinimum) {
    }
}
