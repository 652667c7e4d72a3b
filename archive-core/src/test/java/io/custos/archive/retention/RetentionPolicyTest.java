package io.custos.archive.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;
import io.custos.archive.residency.ResidencyPolicy;
import io.custos.archive.retention.application.RetentionPolicy;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private final RetentionPolicy policy = new RetentionPolicy(Period.ofYears(7),
            Map.of("mg", Period.ofYears(20), "OT", Period.ofYears(1)));

    @Test
    void theDefaultPeriodCountsFromTheBasisDate() {
        assertThat(policy.retainUntil(LocalDate.of(2010, 3, 1), List.of("CT")))
                .isEqualTo(LocalDate.of(2017, 3, 1));
    }

    @Test
    void aModalityWithALongerPeriodWinsAndModalitiesMatchCaseAndSpaceInsensitively() {
        assertThat(policy.retainUntil(LocalDate.of(2010, 3, 1), List.of("CT", " MG ")))
                .isEqualTo(LocalDate.of(2030, 3, 1));
    }

    @Test
    void aShorterModalityPeriodNeverShortensTheDefault() {
        assertThat(policy.retainUntil(LocalDate.of(2010, 3, 1), List.of("OT")))
                .isEqualTo(LocalDate.of(2017, 3, 1));
    }

    @Test
    void negativePeriodsAreRefused() {
        assertThatThrownBy(() -> new RetentionPolicy(Period.ofYears(-1), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetentionPolicy(Period.ZERO, Map.of("CT", Period.ofDays(-1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void residencyAllowsListedRegionsAndOnlyTheHomeRegionToUnlistedTenants() {
        RegionId home = new RegionId("local");
        RegionId eu = new RegionId("eu-west");
        ResidencyPolicy residency = new ResidencyPolicy(Map.of(new TenantId("acme"), Set.of(eu)), Set.of(home));
        assertThat(residency.allows(new TenantId("acme"), eu)).isTrue();
        assertThat(residency.allows(new TenantId("acme"), home)).isFalse();
        assertThat(residency.allows(new TenantId("other"), home)).isTrue();
        assertThat(residency.allows(new TenantId("other"), eu)).isFalse();
    }
}
