package io.custos.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditEvidenceTest {

    @Test
    void aBundleOnlyWhenAskedForByName() {
        assertThat(AuditEvidence.wanted("application/vnd.custos.evidence+zip")).isTrue();
        assertThat(AuditEvidence.wanted("application/json;q=0.9, application/vnd.custos.evidence+zip")).isTrue();
        assertThat(AuditEvidence.wanted("application/vnd.custos.evidence+zip;q=0")).isFalse();
        assertThat(AuditEvidence.wanted("*/*")).isFalse();
        assertThat(AuditEvidence.wanted("application/*")).isFalse();
        assertThat(AuditEvidence.wanted("text/csv")).isFalse();
        assertThat(AuditEvidence.wanted(null)).isFalse();
    }
}
