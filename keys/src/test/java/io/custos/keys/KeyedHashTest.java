package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.keys.local.LocalKeystore;
import io.custos.keys.local.MasterSecret;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyedHashTest {

    private static final KeyScope EU = new KeyScope("acme", "eu-west");
    private static final byte[] SECRET = TestKeys.randomBytes(32);

    @TempDir
    Path dir;

    private KeyedHash keyedHash() {
        return new KeyedHash(new LocalKeystore(dir, MasterSecret.ofBytes(SECRET), new SecureRandom(), Clock.systemUTC()));
    }

    @Test
    void sameInputsGiveTheSameHashAcrossRestarts() {
        String hash = keyedHash().hash(EU, "patient-id", "PID-12345");

        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(keyedHash().hash(EU, "patient-id", "PID-12345")).isEqualTo(hash);
    }

    @Test
    void scopesPurposesAndValuesAreSeparated() {
        KeyedHash hashes = keyedHash();
        String base = hashes.hash(EU, "patient-id", "PID-12345");

        assertThat(hashes.hash(new KeyScope("acme", "us-east"), "patient-id", "PID-12345")).isNotEqualTo(base);
        assertThat(hashes.hash(new KeyScope("other", "eu-west"), "patient-id", "PID-12345")).isNotEqualTo(base);
        assertThat(hashes.hash(EU, "accession", "PID-12345")).isNotEqualTo(base);
        assertThat(hashes.hash(EU, "patient-id", "PID-12346")).isNotEqualTo(base);
        assertThat(base).doesNotContain("12345");
    }

    @Test
    void invalidPurposeIsRejected() {
        assertThatThrownBy(() -> keyedHash().hash(EU, "Patient ID", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
