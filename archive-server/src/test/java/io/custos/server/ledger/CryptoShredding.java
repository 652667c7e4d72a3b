package io.custos.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.server.security.Role;
import io.custos.server.testsupport.DicomWebClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.jdbc.core.JdbcTemplate;

/** Deletes a tenant's only study through the admin API, which destroys its data key (crypto-shredding). */
final class CryptoShredding {

    private CryptoShredding() {
    }

    static void shredTheOnlyStudy(DicomWebClient web, JdbcTemplate jdbc, String tenant)
            throws IOException, InterruptedException {
        String studyRef = jdbc.queryForObject("SELECT study_ref FROM custos_data_keys WHERE tenant = ?",
                String.class, tenant);
        HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(web.root() + "/admin/studies/" + studyRef + "/deletion"))
                .header("Authorization", "Bearer " + web.token(tenant, Role.TENANT_ADMIN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"NOT_CLINICAL\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM custos_data_keys WHERE tenant = ?", Integer.class,
                tenant)).isZero();
    }
}
