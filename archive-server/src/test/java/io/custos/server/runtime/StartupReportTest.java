package io.custos.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartupReportTest {

    @Test
    void passwordsInJdbcUrlsAreMasked() {
        assertThat(StartupReport.withoutSecrets("jdbc:postgresql://db:5432/custos?user=a&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/custos?user=a&password=***&ssl=true")
                .doesNotContain("s3cret");
        assertThat(StartupReport.withoutSecrets("jdbc:postgresql://bob:pw@db/custos")).doesNotContain("pw@");
    }
}
