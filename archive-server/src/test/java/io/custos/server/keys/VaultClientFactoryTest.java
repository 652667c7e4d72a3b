package io.custos.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Configuration checks of the Vault client; nothing here talks to a Vault (none runs on these machines). */
class VaultClientFactoryTest {

    private static KeysProperties.Vault vault(URI uri, String token, String roleId, String secretId) {
        return new KeysProperties.Vault(uri, token, new KeysProperties.AppRole(roleId, secretId, "approle"),
                "transit", "custos-kek");
    }

    @Test
    void tokenOrAppRoleGivesAClient() {
        URI uri = URI.create("http://127.0.0.1:8200");
        assertThat(VaultClientFactory.create(vault(uri, "s.token", null, null))).isNotNull();
        assertThat(VaultClientFactory.create(vault(uri, null, "role", "secret"))).isNotNull();
    }

    @Test
    void missingSettingsAreNamedNotGuessed() {
        assertThatThrownBy(() -> VaultClientFactory.create(vault(null, "s.token", null, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("custos.keys.vault.uri");
        assertThatThrownBy(() -> VaultClientFactory.create(vault(URI.create("http://127.0.0.1:8200"), " ", "role", null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("app-role.role-id");
    }

    @Test
    void secretsStayOutOfToString() {
        KeysProperties.Vault settings = vault(URI.create("http://127.0.0.1:8200"), "s.very-secret", "role", "hush");
        assertThat(settings.toString()).doesNotContain("s.very-secret");
        assertThat(settings.appRole().toString()).doesNotContain("hush");
    }
}
