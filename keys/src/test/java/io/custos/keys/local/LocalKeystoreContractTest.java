package io.custos.keys.local;

import io.custos.keys.KeyEncryptionKeys;
import io.custos.keys.KeyEncryptionKeysContract;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The key-encryption-key contract against the embedded keystore (a real BCFKS file in a temp directory). */
class LocalKeystoreContractTest extends KeyEncryptionKeysContract {

    @TempDir
    Path dir;

    private LocalKeystore keystore;

    @BeforeEach
    void open() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        keystore = new LocalKeystore(dir, MasterSecret.ofBytes(secret), new SecureRandom(), Clock.systemUTC());
    }

    @Override
    protected KeyEncryptionKeys keks() {
        return keystore;
    }
}
