package io.custos.server.keys;

import io.custos.keys.DataKeyCacheSettings;
import io.custos.keys.KekRotation;
import io.custos.keys.vault.VaultTransitKeyEncryptionKeys;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Key service settings ({@code custos.keys.*}). The provider holds the key-encryption keys: {@code local} (the
 * BCFKS keystore under {@code <data-dir>/keys}, the embedded default) or {@code vault} (HashiCorp Vault Transit).
 * Lookup-hash keys and the embedded token issuer's signing key stay in the local keystore with either provider.
 */
@ConfigurationProperties(prefix = "custos.keys")
public record KeysProperties(
        @DefaultValue("local") Provider provider,
        @DefaultValue Cache cache,
        @DefaultValue Vault vault,
        @DefaultValue("" + KekRotation.DEFAULT_PAGE_SIZE) int rewrapPageSize) {

    public enum Provider { LOCAL, VAULT }

    /** Unwrapped data keys held in memory: at most {@code maxSize}, each for at most {@code ttl}. */
    public record Cache(@DefaultValue("1024") int maxSize, @DefaultValue("5m") Duration ttl) {
        DataKeyCacheSettings settings() {
            return new DataKeyCacheSettings(maxSize, ttl);
        }
    }

    /**
     * @param uri       Vault address, e.g. {@code https://vault.example:8200}
     * @param token     a Vault token (token authentication); never logged
     * @param appRole   AppRole credentials, used when no token is set
     * @param mount     path the Transit engine is mounted at
     * @param keyPrefix Transit key names are {@code <keyPrefix>_<tenant>_<region>}
     */
    public record Vault(
            URI uri,
            String token,
            @DefaultValue AppRole appRole,
            @DefaultValue(VaultTransitKeyEncryptionKeys.DEFAULT_MOUNT) String mount,
            @DefaultValue(VaultTransitKeyEncryptionKeys.DEFAULT_KEY_PREFIX) String keyPrefix) {

        @Override
        public String toString() {
            return "Vault[" + uri + ", " + mount + ", " + keyPrefix + "]";
        }
    }

    /** @param path where the AppRole auth method is mounted */
    public record AppRole(String roleId, String secretId, @DefaultValue("approle") String path) {
        @Override
        public String toString() {
            return "AppRole[" + path + "]";
        }
    }
}
