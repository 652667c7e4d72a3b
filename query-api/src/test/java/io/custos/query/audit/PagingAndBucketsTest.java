package io.custos.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PagingAndBucketsTest {

    @Test
    void bucketsAreUtcDaysAndMonthsNewestFirst() {
        assertThat(AuditBuckets.of(AuditTable.Bucket.DAY, Instant.parse("2026-11-23T23:59:59Z"))).isEqualTo(20261123);
        assertThat(AuditBuckets.of(AuditTable.Bucket.MONTH, Instant.parse("2026-11-23T23:59:59Z"))).isEqualTo(202611);
        assertThat(AuditBuckets.covering(AuditTable.Bucket.DAY, LocalDate.parse("2026-02-27"),
                LocalDate.parse("2026-03-01"))).containsExactly(20260301, 20260228, 20260227);
        assertThat(AuditBuckets.covering(AuditTable.Bucket.MONTH, LocalDate.parse("2025-12-31"),
                LocalDate.parse("2026-02-01"))).containsExactly(202602, 202601, 202512);
    }

    @Test
    void pageTokensRoundTripAndForeignTokensAreRefused() {
        PageToken token = new PageToken(3, "abc123");
        assertThat(PageToken.decode(token.encode())).isEqualTo(token);
        assertThat(PageToken.decode(null)).isEqualTo(PageToken.FIRST);
        assertThatThrownBy(() -> PageToken.decode("bm90LWEtdG9rZW4")).isInstanceOf(InvalidPageTokenException.class);
        assertThatThrownBy(() -> PageToken.decode("%%%")).isInstanceOf(InvalidPageTokenException.class);
    }

    @Test
    void questionsAreBoundedAndKeyedAsTheirTable() {
        LocalDate day = LocalDate.parse("2026-11-23");
        assertThatThrownBy(() -> new AuditQuestion(AuditTable.BY_USER, "t", "u", day, day.minusDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditQuestion(AuditTable.BY_USER, "t", "u", day.minusDays(366), day))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditQuestion(AuditTable.DENIALS, "t", "u", day, day))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditQuestion(AuditTable.BY_PATIENT, "t", null, day, day))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new AuditQuestion(AuditTable.DENIALS, "t", null, day.minusDays(365), day)).isNotNull();
    }

    @Test
    void everyTableIsPartitionedByTenantKeyAndBucket() {
        assertThat(AuditSchema.statements("ks")).anySatisfy(ddl -> assertThat(ddl)
                .contains("audit_by_patient").contains("PRIMARY KEY ((tenant, patient_ref, bucket), at, access_id, study_uid))"));
        assertThat(AuditSchema.statements("ks")).anySatisfy(ddl -> assertThat(ddl)
                .contains("audit_denials").contains("PRIMARY KEY ((tenant, bucket), at, access_id))"));
    }
}
