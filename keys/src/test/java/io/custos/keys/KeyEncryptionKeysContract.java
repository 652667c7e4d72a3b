package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeyEncryptionKeys} implementation must do, run against each one (the local keystore here,
 * Vault Transit where Docker runs). Every test uses a tenant of its own, so tests never share version state,
 * also against one long-lived key service.
 */
public abstract class KeyEncryptionKeysContract {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] AAD = "custos-study-dek-v1|key-1|study-1".getBytes(StandardCharsets.UTF_8);

    /** The implementation under test; may be the same instance for every test. */
    protected abstract KeyEncryptionKeys keks();

    private static KeyScope freshScope(String region) {
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        return new KeyScope("t" + HexFormat.of().formatHex(id), region);
    }

    private static byte[] dataKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    @Test
    void aNewScopeStartsAtVersionOneAndWrapsUnderIt() {
        KeyScope scope = freshScope("eu-west");
        byte[] dataKey = dataKey();

        WrappedKey wrapped = keks().wrap(scope, dataKey, AAD);
        KekVersions versions = keks().versions(scope);

        assertThat(versions.current()).isEqualTo(1);
        assertThat(versions.minDecryptionVersion()).isEqualTo(1);
        assertThat(wrapped.kekId()).isEqualTo(versions.kekId());
        assertThat(wrapped.kekVersion()).isEqualTo(1);
        assertThat(keks().unwrap(scope, wrapped, AAD)).isEqualTo(dataKey);
    }

    @Test
    void wrappedBytesDoNotContainTheDataKey() {
        byte[] dataKey = dataKey();
        WrappedKey wrapped = keks().wrap(freshScope("eu-west"), dataKey, AAD);

        byte[] ciphertext = wrapped.ciphertext();
        for (int i = 0; i + 8 <= dataKey.length; i += 8) {
            byte[] piece = Arrays.copyOfRange(dataKey, i, i + 8);
            assertThat(indexOf(ciphertext, piece)).isEqualTo(-1);
        }
    }

    @Test
    void associatedDataIsBound() {
        KeyScope scope = freshScope("eu-west");
        WrappedKey wrapped = keks().wrap(scope, dataKey(), AAD);

        assertThatThrownBy(() -> keks().unwrap(scope, wrapped, "custos-study-dek-v1|key-1|study-2"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(KeyServiceException.class);
        assertThatThrownBy(() -> keks().unwrap(scope, wrapped, new byte[0])).isInstanceOf(KeyServiceException.class);
    }

    @Test
    void scopesAreIsolated() {
        KeyScope eu = freshScope("eu-west");
        KeyScope us = new KeyScope(eu.tenant(), "us-east");
        KeyScope otherTenant = freshScope("eu-west");
        WrappedKey wrapped = keks().wrap(eu, dataKey(), AAD);
        WrappedKey usWrapped = keks().wrap(us, dataKey(), AAD);
        keks().wrap(otherTenant, dataKey(), AAD);

        assertThatThrownBy(() -> keks().unwrap(us, wrapped, AAD)).isInstanceOf(KeyServiceException.class);
        assertThatThrownBy(() -> keks().unwrap(otherTenant, wrapped, AAD)).isInstanceOf(KeyServiceException.class);
        // The ciphertext relabelled with the other scope's KEK id is still refused: the key itself differs.
        WrappedKey relabelled = new WrappedKey(usWrapped.kekId(), wrapped.kekVersion(), wrapped.ciphertext());
        assertThatThrownBy(() -> keks().unwrap(us, relabelled, AAD)).isInstanceOf(KeyServiceException.class);
    }

    @Test
    void everyTamperedByteFailsClosed() {
        KeyScope scope = freshScope("eu-west");
        WrappedKey wrapped = keks().wrap(scope, dataKey(), AAD);
        byte[] bytes = wrapped.ciphertext();
        for (int i = 0; i < bytes.length; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 0x01;
            WrappedKey bad = new WrappedKey(wrapped.kekId(), wrapped.kekVersion(), tampered);
            assertThatThrownBy(() -> keks().unwrap(scope, bad, AAD))
                    .as("byte %d flipped", i).isInstanceOf(KeyServiceException.class);
        }
        WrappedKey truncated = new WrappedKey(wrapped.kekId(), wrapped.kekVersion(),
                Arrays.copyOf(bytes, bytes.length - 1));
        assertThatThrownBy(() -> keks().unwrap(scope, truncated, AAD)).isInstanceOf(KeyServiceException.class);
        WrappedKey empty = new WrappedKey(wrapped.kekId(), wrapped.kekVersion(), new byte[0]);
        assertThatThrownBy(() -> keks().unwrap(scope, empty, AAD)).isInstanceOf(KeyServiceException.class);
    }

    @Test
    void anUnknownVersionFailsClosed() {
        KeyScope scope = freshScope("eu-west");
        WrappedKey wrapped = keks().wrap(scope, dataKey(), AAD);
        WrappedKey future = new WrappedKey(wrapped.kekId(), 2, wrapped.ciphertext());

        assertThatThrownBy(() -> keks().unwrap(scope, future, AAD)).isInstanceOf(KeyServiceException.class);
    }

    @Test
    void rotationMakesANewVersionCurrentWhileOldWrapsStillUnwrap() {
        KeyScope scope = freshScope("eu-west");
        byte[] oldKey = dataKey();
        WrappedKey old = keks().wrap(scope, oldKey, AAD);

        KekVersions rotated = keks().rotate(scope);
        byte[] newKey = dataKey();
        WrappedKey fresh = keks().wrap(scope, newKey, AAD);

        assertThat(rotated.current()).isEqualTo(2);
        assertThat(rotated.minDecryptionVersion()).isEqualTo(1);
        assertThat(keks().versions(scope)).isEqualTo(rotated);
        assertThat(fresh.kekVersion()).isEqualTo(2);
        assertThat(keks().unwrap(scope, old, AAD)).isEqualTo(oldKey);
        assertThat(keks().unwrap(scope, fresh, AAD)).isEqualTo(newKey);
        // A version-1 ciphertext claiming version 2 does not open.
        WrappedKey misLabelled = new WrappedKey(old.kekId(), 2, old.ciphertext());
        assertThatThrownBy(() -> keks().unwrap(scope, misLabelled, AAD)).isInstanceOf(KeyServiceException.class);
    }

    @Test
    void rewrapMovesAWrappedKeyToTheCurrentVersionKeepingItsBinding() {
        KeyScope scope = freshScope("eu-west");
        byte[] dataKey = dataKey();
        WrappedKey old = keks().wrap(scope, dataKey, AAD);
        keks().rotate(scope);

        WrappedKey rewrapped = keks().rewrap(scope, old, AAD);

        assertThat(rewrapped.kekVersion()).isEqualTo(2);
        assertThat(rewrapped.kekId()).isEqualTo(old.kekId());
        assertThat(keks().unwrap(scope, rewrapped, AAD)).isEqualTo(dataKey);
        assertThatThrownBy(() -> keks().unwrap(scope, rewrapped, new byte[] {1}))
                .isInstanceOf(KeyServiceException.class);
        assertThatThrownBy(() -> keks().rewrap(scope, old, new byte[] {1})).isInstanceOf(KeyServiceException.class);
        byte[] tampered = old.ciphertext();
        tampered[tampered.length - 1] ^= 0x01;
        assertThatThrownBy(() -> keks().rewrap(scope, new WrappedKey(old.kekId(), old.kekVersion(), tampered), AAD))
                .isInstanceOf(KeyServiceException.class);
    }

    @Test
    void aRetiredVersionFailsClosedAndTheCurrentOneCannotBeRetired() {
        KeyScope scope = freshScope("eu-west");
        WrappedKey old = keks().wrap(scope, dataKey(), AAD);
        keks().rotate(scope);
        byte[] dataKey = dataKey();
        WrappedKey current = keks().wrap(scope, dataKey, AAD);

        assertThatThrownBy(() -> keks().retire(scope, 2)).isInstanceOf(KeyServiceException.class);
        assertThatThrownBy(() -> keks().retire(scope, 3)).isInstanceOf(KeyServiceException.class);
        KekVersions retired = keks().retire(scope, 1);

        assertThat(retired.current()).isEqualTo(2);
        assertThat(retired.minDecryptionVersion()).isEqualTo(2);
        assertThat(keks().versions(scope)).isEqualTo(retired);
        assertThatThrownBy(() -> keks().unwrap(scope, old, AAD)).isInstanceOf(KeyServiceException.class);
        assertThatThrownBy(() -> keks().rewrap(scope, old, AAD)).isInstanceOf(KeyServiceException.class);
        assertThat(keks().unwrap(scope, current, AAD)).isEqualTo(dataKey);
        assertThat(keks().retire(scope, 1)).as("retiring again changes nothing").isEqualTo(retired);
    }

    @Test
    void retiringAVersionRetiresEveryOlderOne() {
        KeyScope scope = freshScope("eu-west");
        WrappedKey v1 = keks().wrap(scope, dataKey(), AAD);
        keks().rotate(scope);
        WrappedKey v2 = keks().wrap(scope, dataKey(), AAD);
        keks().rotate(scope);
        byte[] dataKey = dataKey();
        WrappedKey v3 = keks().wrap(scope, dataKey, AAD);

        KekVersions after = keks().retire(scope, 2);

        assertThat(after.minDecryptionVersion()).isEqualTo(3);
        assertThatThrownBy(() -> keks().unwrap(scope, v1, AAD)).isInstanceOf(KeyServiceException.class);
        assertThatThrownBy(() -> keks().unwrap(scope, v2, AAD)).isInstanceOf(KeyServiceException.class);
        assertThat(keks().unwrap(scope, v3, AAD)).isEqualTo(dataKey);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
