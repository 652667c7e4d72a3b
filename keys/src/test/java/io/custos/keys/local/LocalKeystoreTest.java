package io.custos.keys.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.keys.KeyScope;
import io.custos.keys.KeyServiceException;
import io.custos.keys.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeystoreTest {

    private static final KeyScope ACME_EU = new KeyScope("acme", "eu-west");
    private static final KeyScope ACME_US = new KeyScope("acme", "us-east");
    private static final byte[] AAD = "study-key:1".getBytes(StandardCharsets.UTF_8);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    private LocalKeystore open(MasterSecret secret) {
        return new LocalKeystore(dir, secret, random, CLOCK);
    }

    private static MasterSecret secret(int fill) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) fill);
        return MasterSecret.ofBytes(bytes);
    }

    private static byte[] dataKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void theLedgerSigningKeyIsCreatedOnceAndSurvivesReopening() {
        byte[] first = open(secret(1)).ledgerSigningKey();
        assertThat(first).hasSize(32);
        assertThat(open(secret(1)).ledgerSigningKey()).isEqualTo(first);
        assertThat(new LocalKeystore(dir.resolve("other"), secret(1), random, CLOCK).ledgerSigningKey())
                .isNotEqualTo(first);
    }

    @Test
    void reopeningWithTheSameSecretGivesTheSameKekAndUnwraps() {
        byte[] dataKey = dataKey();
        WrappedKey wrapped = open(secret(1)).wrap(ACME_EU, dataKey, AAD);

        LocalKeystore reopened = open(secret(1));

        assertThat(wrapped.kekId()).isEqualTo("kek:acme:eu-west");
        assertThat(wrapped.kekVersion()).isEqualTo(LocalKeystore.FIRST_KEK_VERSION);
        assertThat(new String(wrapped.ciphertext(), StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(dataKey, StandardCharsets.ISO_8859_1));
        assertThat(reopened.unwrap(ACME_EU, wrapped, AAD)).isEqualTo(dataKey);
        assertThat(Files.exists(dir.resolve(LocalKeystore.KEYSTORE_FILE))).isTrue();
    }

    @Test
    void wrongMasterSecretFailsClosed() {
        open(secret(1)).wrap(ACME_EU, dataKey(), AAD);

        assertThatThrownBy(() -> open(secret(2)))
                .isInstanceOf(KeyServiceException.class)
                .hasMessageContaining("wrong master secret");
    }

    @Test
    void sameKekIsReusedAcrossWraps() {
        LocalKeystore keystore = open(secret(1));
        byte[] first = dataKey();
        byte[] second = dataKey();
        WrappedKey a = keystore.wrap(ACME_EU, first, AAD);
        WrappedKey b = keystore.wrap(ACME_EU, second, AAD);

        LocalKeystore reopened = open(secret(1));
        assertThat(reopened.unwrap(ACME_EU, a, AAD)).isEqualTo(first);
        assertThat(reopened.unwrap(ACME_EU, b, AAD)).isEqualTo(second);
    }

    @Test
    void unwrapWithWrongScopeOrAssociatedDataFails() {
        LocalKeystore keystore = open(secret(1));
        WrappedKey wrapped = keystore.wrap(ACME_EU, dataKey(), AAD);
        keystore.wrap(ACME_US, dataKey(), AAD);

        assertThatThrownBy(() -> keystore.unwrap(ACME_US, wrapped, AAD)).isInstanceOf(KeyServiceException.class);
        // Same KEK id claimed, but the other scope's label is in the associated data: still refused.
        WrappedKey relabelled = new WrappedKey("kek:acme:us-east", 1, wrapped.ciphertext());
        assertThatThrownBy(() -> keystore.unwrap(ACME_US, relabelled, AAD)).isInstanceOf(KeyServiceException.class);
        assertThatThrownBy(() -> keystore.unwrap(ACME_EU, wrapped, "study-key:2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeyServiceException.class);
    }

    @Test
    void tamperedWrappedKeyFails() {
        LocalKeystore keystore = open(secret(1));
        WrappedKey wrapped = keystore.wrap(ACME_EU, dataKey(), AAD);
        byte[] bytes = wrapped.ciphertext();
        for (int i = 0; i < bytes.length; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 0x01;
            WrappedKey bad = new WrappedKey(wrapped.kekId(), wrapped.kekVersion(), tampered);
            assertThatThrownBy(() -> keystore.unwrap(ACME_EU, bad, AAD)).isInstanceOf(KeyServiceException.class);
        }
    }

    @Test
    void unknownKekVersionFails() {
        LocalKeystore keystore = open(secret(1));
        WrappedKey wrapped = keystore.wrap(ACME_EU, dataKey(), AAD);
        WrappedKey future = new WrappedKey(wrapped.kekId(), 2, wrapped.ciphertext());

        assertThatThrownBy(() -> keystore.unwrap(ACME_EU, future, AAD)).isInstanceOf(KeyServiceException.class);
    }

    @Test
    void rotationAndRetirementSurviveReopening() throws Exception {
        LocalKeystore keystore = open(secret(1));
        WrappedKey v1 = keystore.wrap(ACME_EU, dataKey(), AAD);
        keystore.rotate(ACME_EU);
        keystore.rotate(ACME_EU);
        byte[] dataKey = dataKey();
        WrappedKey v3 = keystore.wrap(ACME_EU, dataKey, AAD);
        keystore.retire(ACME_EU, 1);

        LocalKeystore reopened = open(secret(1));

        assertThat(reopened.versions(ACME_EU)).isEqualTo(new io.custos.keys.KekVersions("kek:acme:eu-west", 3, 2));
        assertThat(reopened.versions(ACME_US).current()).isEqualTo(1);
        assertThat(reopened.unwrap(ACME_EU, v3, AAD)).isEqualTo(dataKey);
        assertThatThrownBy(() -> reopened.unwrap(ACME_EU, v1, AAD))
                .isInstanceOf(KeyServiceException.class).hasMessageContaining("retired");
        // Retirement removed the version's key material from the file itself, not only from memory.
        java.security.KeyStore raw = java.security.KeyStore.getInstance("BCFKS",
                new org.bouncycastle.jce.provider.BouncyCastleProvider());
        char[] password = secret(1).keystorePassword();
        try (var in = Files.newInputStream(dir.resolve(LocalKeystore.KEYSTORE_FILE))) {
            raw.load(in, password);
        }
        assertThat(java.util.Collections.list(raw.aliases()))
                .contains("kek:acme:eu-west:v2", "kek:acme:eu-west:v3")
                .doesNotContain("kek:acme:eu-west:v1");
    }

    @Test
    void tokenSigningKeyIsStableAcrossReopenAndSignsEs256() throws Exception {
        LocalKeystore keystore = open(secret(1));
        KeyPair pair = keystore.tokenSigningKey();
        String keyId = keystore.tokenSigningKeyId();

        LocalKeystore reopened = open(secret(1));
        KeyPair again = reopened.tokenSigningKey();

        assertThat(again.getPublic().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(reopened.tokenSigningKeyId()).isEqualTo(keyId).matches("[A-Za-z0-9_-]{43}");
        assertThat(((ECPublicKey) again.getPublic()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);

        byte[] message = "header.payload".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(again.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pair.getPublic());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void keysCreatedByOneInstanceAreAllVisibleAfterReopen() {
        LocalKeystore keystore = open(secret(1));
        byte[] dataKey = dataKey();
        WrappedKey wrapped = keystore.wrap(ACME_EU, dataKey, AAD);
        keystore.tokenSigningKey();
        byte[] mac = keystore.hmacSha256(ACME_EU, new byte[] {1, 2, 3});

        LocalKeystore reopened = open(secret(1));

        assertThat(reopened.unwrap(ACME_EU, wrapped, AAD)).isEqualTo(dataKey);
        assertThat(reopened.hmacSha256(ACME_EU, new byte[] {1, 2, 3})).isEqualTo(mac);
        assertThat(Files.exists(dir.resolve(LocalKeystore.KEYSTORE_FILE + ".tmp"))).isFalse();
    }

    @Test
    void openResolvesTheSecretFileOnFirstRunAndReusesIt() {
        byte[] dataKey = dataKey();
        WrappedKey wrapped = LocalKeystore.open(dir, Map.of()).wrap(ACME_EU, dataKey, AAD);

        assertThat(LocalKeystore.open(dir, Map.of()).unwrap(ACME_EU, wrapped, AAD)).isEqualTo(dataKey);
    }
}
