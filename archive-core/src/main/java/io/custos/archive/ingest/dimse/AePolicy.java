package io.custos.archive.ingest.dimse;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which AE titles this archive answers to and who may call them. Each called AE title maps to one tenant and
 * region (so the tenant of a C-STORE comes from configuration, never from the peer's data); each has an
 * allow-list of calling AE titles, or accepts any caller when its list is empty and there is no global list.
 * AE titles are compared after trimming their space padding (PS3.8 9.3.2: 16 bytes, space padded),
 * case-sensitively (PS3.5 6.2 AE: leading/trailing spaces are not significant).
 */
public record AePolicy(Map<String, CalledAe> calledAes, Set<String> globalCallingAllowList) {

    /** One AE title this archive answers to. An empty {@code allowedCallingAes} defers to the global list. */
    public record CalledAe(TenantId tenant, RegionId region, Set<String> allowedCallingAes) {
        public CalledAe {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(region, "region");
            allowedCallingAes = Set.copyOf(allowedCallingAes);
        }
    }

    /** The outcome for one association request: either a tenant/region or a rejection. */
    public record Decision(CalledAe accepted, AssociationRejection rejection) {
        public boolean isAccepted() {
            return accepted != null;
        }
    }

    public AePolicy {
        calledAes = Map.copyOf(calledAes);
        globalCallingAllowList = Set.copyOf(globalCallingAllowList);
    }

    public static AePolicy of(Map<String, CalledAe> calledAes) {
        return new AePolicy(calledAes, Set.of());
    }

    public Optional<CalledAe> calledAe(String calledAe) {
        return Optional.ofNullable(calledAes.get(trim(calledAe)));
    }

    public Decision decide(String calledAe, String callingAe) {
        CalledAe called = calledAes.get(trim(calledAe));
        if (called == null) {
            return new Decision(null, AssociationRejection.CALLED_AE_NOT_RECOGNIZED);
        }
        Set<String> allowed = called.allowedCallingAes().isEmpty() ? globalCallingAllowList : called.allowedCallingAes();
        if (!allowed.isEmpty() && !allowed.contains(trim(callingAe))) {
            return new Decision(null, AssociationRejection.CALLING_AE_NOT_RECOGNIZED);
        }
        return new Decision(called, null);
    }

    private static String trim(String ae) {
        return ae == null ? "" : ae.strip();
    }
}
