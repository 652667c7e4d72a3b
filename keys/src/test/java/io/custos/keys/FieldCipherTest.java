package io.custos.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class FieldCipherTest {

    private static final byte[] AAD = "event:42/patientName".getBytes(StandardCharsets.UTF_8);

    private final FieldCipher cipher = new FieldCipher(new SecureRandom());
    private final DataKey key = TestKeys.random();

    @Test
    void roundTripsAndHidesThePlaintext() {
        byte[] plaintext = "DOE^JANE".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = cipher.seal(key, plaintext, AAD);

        assertThat(sealed[0]).isEqualTo((byte) 1);
        assertThat(sealed).hasSize(1 + 12 + plaintext.length + 16);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("DOE^JANE");
        assertThat(cipher.open(key, sealed, AAD)).isEqualTo(plaintext);
    }

    @Test
    void emptyValueRoundTrips() {
        assertThat(cipher.open(key, cipher.seal(key, new byte[0], AAD), AAD)).isEmpty();
    }

    @Test
    void sealingTwiceGivesDifferentCiphertexts() {
        byte[] plaintext = "DOE^JANE".getBytes(StandardCharsets.UTF_8);

        assertThat(cipher.seal(key, plaintext, AAD)).isNotEqualTo(cipher.seal(key, plaintext, AAD));
    }

    @Test
    void anyTamperedByteFailsClosed() {
        byte[] sealed = cipher.seal(key, "DOE^JANE".getBytes(StandardCharsets.UTF_8), AAD);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.open(key, tampered, AAD)).isInstanceOf(KeyServiceException.class);
        }
        assertThatThrownBy(() -> cipher.open(key, new byte[10], AAD)).isInstanceOf(KeyServiceException.class);
    }

    @Test
    void wrongContextOrKeyFails() {
        byte[] sealed = cipher.seal(key, "DOE^JANE".getBytes(StandardCharsets.UTF_8), AAD);

        assertThatThrownBy(() -> cipher.open(key, sealed, "event:43/patientName".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeyServiceException.class);
        assertThatThrownBy(() -> cipher.open(TestKeys.random(), sealed, AAD)).isInstanceOf(KeyServiceException.class);
    }

    @Test
    void failureMessagesCarryNoValues() {
        byte[] sealed = cipher.seal(key, "DOE^JANE".getBytes(StandardCharsets.UTF_8), AAD);
        sealed[sealed.length - 1] ^= 1;

        assertThatThrownBy(() -> cipher.open(key, sealed, AAD))
                .hasMessageNotContaining("DOE")
                .hasMessageNotContaining("event:42");
    }

    @Test
    void destroyedKeyIsUnusableAndToStringShowsNoMaterial() {
        DataKey doomed = TestKeys.random();
        byte[] sealed = cipher.seal(doomed, new byte[] {1}, AAD);
        doomed.destroy();

        assertThat(doomed.isDestroyed()).isTrue();
        assertThat(doomed.toString()).isEqualTo("DataKey[" + doomed.id() + ", acme/eu-west, destroyed]");
        assertThatThrownBy(() -> cipher.open(doomed, sealed, AAD)).isInstanceOf(KeyServiceException.class);
    }
}
