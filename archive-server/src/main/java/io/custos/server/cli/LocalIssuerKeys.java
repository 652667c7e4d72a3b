package io.custos.server.cli;

import io.custos.keys.local.LocalKeystore;
import io.custos.server.security.TokenSigningKeySource;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

/**
 * The embedded issuer's signing key for the command line, read from the same keystore the server uses
 * ({@code <data-dir>/keys}, data dir from {@code CUSTOS_DATA_DIR}, default {@code ./custos-data}). Opened
 * only when a token is actually minted, so {@code custos run} does not touch the keystore twice.
 */
final class LocalIssuerKeys implements TokenSigningKeySource {

    private final Map<String, String> environment;
    private LocalKeystore keystore;

    LocalIssuerKeys(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public KeyPair keyPair() {
        return keystore().tokenSigningKey();
    }

    @Override
    public String keyId() {
        return keystore().tokenSigningKeyId();
    }

    private synchronized LocalKeystore keystore() {
        if (keystore == null) {
            String dataDir = environment.getOrDefault("CUSTOS_DATA_DIR", "./custos-data");
            keystore = LocalKeystore.open(Path.of(dataDir).toAbsolutePath().normalize().resolve("keys"), environment);
        }
        return keystore;
    }
}
