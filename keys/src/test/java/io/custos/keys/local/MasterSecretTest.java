package io.custos.keys.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.keys.KeyServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterSecretTest {

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    @Test
    void firstRunCreatesAnOwnerOnlyFileOf32BytesAndReusesIt() throws Exception {
        MasterSecret first = MasterSecret.resolve(dir, Map.of(), random);
        Path file = dir.resolve(MasterSecret.FILE_NAME);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.size(file)).isEqualTo(32);
        MasterSecret second = MasterSecret.resolve(dir, Map.of(), random);
        assertThat(second.keystorePassword()).isEqualTo(first.keystorePassword());
    }

    @Test
    void worldReadableSecretFileIsRefused() throws Exception {
        MasterSecret.resolve(dir, Map.of(), random);
        Path file = dir.resolve(MasterSecret.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> MasterSecret.resolve(dir, Map.of(), random))
                .isInstanceOf(KeyServiceException.class)
                .hasMessageContaining("must be 0600");
    }

    @Test
    void groupReadableSecretFileIsRefused() throws Exception {
        MasterSecret.resolve(dir, Map.of(), random);
        Files.setPosixFilePermissions(dir.resolve(MasterSecret.FILE_NAME), PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> MasterSecret.resolve(dir, Map.of(), random)).isInstanceOf(KeyServiceException.class);
    }

    @Test
    void environmentVariableWinsOverTheFileAndIsBase64() {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String encoded = Base64.getEncoder().encodeToString(raw);

        MasterSecret fromEnv = MasterSecret.resolve(dir, Map.of(MasterSecret.ENV_VAR, encoded), random);

        assertThat(fromEnv.keystorePassword()).isEqualTo(MasterSecret.ofBytes(raw).keystorePassword());
        assertThat(Files.exists(dir.resolve(MasterSecret.FILE_NAME))).isFalse();
    }

    @Test
    void invalidOrShortEnvironmentValueIsRejectedWithoutEchoingIt() {
        String notBase64 = "correct horse battery staple!";
        assertThatThrownBy(() -> MasterSecret.resolve(dir, Map.of(MasterSecret.ENV_VAR, notBase64), random))
                .isInstanceOf(KeyServiceException.class)
                .hasMessageNotContaining(notBase64);
        String tooShort = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> MasterSecret.resolve(dir, Map.of(MasterSecret.ENV_VAR, tooShort), random))
                .isInstanceOf(KeyServiceException.class)
                .hasMessageNotContaining(tooShort);
    }

    @Test
    void toStringIsRedacted() {
        assertThat(MasterSecret.ofBytes(new byte[32]).toString()).isEqualTo("MasterSecret[redacted]");
    }
}
