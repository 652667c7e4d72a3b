package io.custos.deidentify.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.keys.KeyScope;
import io.custos.keys.local.LocalKeystore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Project secrets derived from a real local keystore of the keys module (BCFKS file in a temporary directory). */
class ProjectSecretsTest {

    @TempDir
    Path keysDir;

    @Test
    void derivedSecretsAreStablePerProjectAndDistinctAcrossProjectsAndTenants() {
        LocalKeystore keystore = LocalKeystore.open(keysDir, Map.of());
        ProjectSecrets secrets = new ProjectSecrets(keystore);
        KeyScope tenant = new KeyScope("default", "local");

        ProjectSecret alpha = secrets.secretFor(tenant, new ProjectId("alpha"));
        assertThat(alpha.sameKeyAs(secrets.secretFor(tenant, new ProjectId("alpha")))).isTrue();
        assertThat(alpha.sameKeyAs(secrets.secretFor(tenant, new ProjectId("beta")))).isFalse();
        assertThat(alpha.sameKeyAs(secrets.secretFor(new KeyScope("other", "local"), new ProjectId("alpha"))))
                .isFalse();
        // Reopened from disk: the same tenant key, hence the same project secret.
        ProjectSecret reopened = new ProjectSecrets(LocalKeystore.open(keysDir, Map.of()))
                .secretFor(tenant, new ProjectId("alpha"));
        assertThat(reopened.sameKeyAs(alpha)).isTrue();
        assertThat(alpha.toString()).isEqualTo("ProjectSecret[alpha]");
    }

    @Test
    void refusesShortKeysAndBadProjectIds() {
        assertThatThrownBy(() -> ProjectSecret.of(new ProjectId("alpha"), new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProjectId("Alpha Project")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void macsAreDomainSeparated() {
        ProjectSecret secret = ProjectSecret.of(new ProjectId("alpha"), new byte[32]);
        assertThat(secret.mac("uid", "ab", "c")).isNotEqualTo(secret.mac("uid", "a", "bc"));
        assertThat(secret.mac("uid", "a")).isNotEqualTo(secret.mac("date-shift", "a"));
    }
}
