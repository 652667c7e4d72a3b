package io.custos.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.archive.access.api.PurposeOfUse;
import io.custos.query.audit.AuditEntry;
import io.custos.server.security.CustosPrincipal;
import io.custos.server.security.Role;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditReportFormatTest {

    @Test
    void csvOnlyWhenAskedForAtLeastAsMuchAsJson() {
        assertThat(AuditReportFormat.wantsCsv("text/csv")).isTrue();
        assertThat(AuditReportFormat.wantsCsv("text/csv, application/json;q=0.5")).isTrue();
        assertThat(AuditReportFormat.wantsCsv("application/json, text/csv;q=0.5")).isFalse();
        assertThat(AuditReportFormat.wantsCsv("*/*")).isFalse();
        assertThat(AuditReportFormat.wantsCsv(null)).isFalse();
    }

    @Test
    void csvQuotesWhatNeedsQuoting() {
        AuditEntry entry = new AuditEntry(Instant.parse("2026-11-23T10:00:00Z"), "id-1", "QIDO_SEARCH", "alice",
                "clinician", "127.0.0.1", "TREAT", "STUDY", "1.2.3", null, null, 0, 0, 0, "SUCCESS", null,
                "PatientName#ab,\"cd\"");
        String csv = AuditReportFormat.csv(List.of(entry));
        assertThat(csv).startsWith("at,accessId,kind,subject,roles,clientAddress,purpose,level,studyUid,seriesUid,"
                + "sopUid,instances,frames,bytes,outcome,patientRef,detail\n");
        assertThat(csv).contains("\"PatientName#ab,\"\"cd\"\"\"");
    }

    @Test
    void eachRoleHasADefaultPurpose() {
        assertThat(PurposeOfUseFilter.defaultFor(principal(Role.CLINICIAN))).isEqualTo(PurposeOfUse.TREAT);
        assertThat(PurposeOfUseFilter.defaultFor(principal(Role.AUDITOR))).isEqualTo(PurposeOfUse.HCOMPL);
        assertThat(PurposeOfUseFilter.defaultFor(principal(Role.RESEARCHER))).isEqualTo(PurposeOfUse.HRESCH);
        assertThat(PurposeOfUseFilter.defaultFor(principal(Role.AUDITOR, Role.CLINICIAN)))
                .isEqualTo(PurposeOfUse.TREAT);
        assertThat(PurposeOfUse.fromCode("treat")).isEmpty();
        assertThat(PurposeOfUse.fromCode("HPAYMT")).contains(PurposeOfUse.HPAYMT);
    }

    private static CustosPrincipal principal(Role... roles) {
        return new CustosPrincipal("s", "t", Set.of(roles), Set.of("local"));
    }
}
