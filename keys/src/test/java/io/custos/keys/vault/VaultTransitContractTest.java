package io.custos.keys.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.keys.KeyEncryptionKeys;
import io.custos.keys.KeyEncryptionKeysContract;
import io.custos.keys.KeyScope;
import io.custos.keys.NewDataKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.vault.VaultContainer;

/**
 * The key-encryption-key contract against a real Vault (dev mode, Transit enabled) in a container. Needs a
 * Docker engine: where there is none (the development machines of this project) JUnit reports every test of
 * this class as skipped, it never counts as passed.
 */
@Testcontainers(disabledWithoutDocker = true)
class VaultTransitContractTest extends KeyEncryptionKeysContract {

    private static final String ROOT_TOKEN = "custos-test-root";

    @Container
    static final VaultContainer<?> VAULT = new VaultContainer<>("hashicorp/vault:1.18")
            .withVaultToken(ROOT_TOKEN)
            .withInitCommand("secrets enable transit");

    private static VaultTransitKeyEncryptionKeys keks;

    @BeforeAll
    static void connect() {
        VaultTemplate template = new VaultTemplate(VaultEndpoint.from(URI.create(VAULT.getHttpHostAddress())),
                new TokenAuthentication(ROOT_TOKEN));
        keks = new VaultTransitKeyEncryptionKeys(template, VaultTransitKeyEncryptionKeys.DEFAULT_MOUNT,
                VaultTransitKeyEncryptionKeys.DEFAULT_KEY_PREFIX);
    }

    @Override
    protected KeyEncryptionKeys keks() {
        return keks;
    }

    @Test
    void dataKeysComeFromTransitAndUnwrapWithTheSameContext() {
        KeyScope scope = new KeyScope("datakey-test", "eu-west");
        byte[] aad = "custos-study-dek-v1|k|s".getBytes(StandardCharsets.UTF_8);

        NewDataKey generated = keks.newDataKey(scope, 32, aad, new SecureRandom());

        assertThat(generated.plaintext()).hasSize(32);
        assertThat(generated.wrapped().kekId()).isEqualTo("custos-kek_datakey-test_eu-west");
        assertThat(keks.unwrap(scope, generated.wrapped(), aad)).isEqualTo(generated.plaintext());
    }
}
