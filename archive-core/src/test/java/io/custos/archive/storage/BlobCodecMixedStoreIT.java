package io.custos.archive.storage;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;
import io.custos.archive.storage.testing.EmbeddedStudyKeys;
import io.custos.keys.BlobCipher;
import io.custos.keys.DataKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benchmark-only plaintext codec and the real encrypting codec over one store on disk: each reads back what
 * it wrote, and neither reads what the other wrote, even when an object is moved under the other's name.
 * Real data keys (local keystore + PostgreSQL), real files.
 */
class BlobCodecMixedStoreIT {

    @TempDir
    static Path keyDir;

    private static EmbeddedStudyKeys keys;

    @TempDir
    Path root;

    private FileSystemBlobStore store;
    private EncryptedBlobs sealed;
    private EncryptedBlobs plaintext;
    private DataKey key;
    private BlobRef ref;
    private final byte[] original = random(700_000); // several 256 KiB cipher segments

    @BeforeAll
    static void startKeys() throws IOException {
        keys = EmbeddedStudyKeys.start(keyDir);
    }

    @AfterAll
    static void stopKeys() throws IOException {
        keys.close();
    }

    @BeforeEach
    void stores() throws IOException {
        store = new FileSystemBlobStore(root);
        sealed = new EncryptedBlobs(store, new BlobCipher());
        plaintext = new EncryptedBlobs(store, new BenchmarkPlaintextBlobCodec());
        key = keys.forStudy("1.2.826.0.1.3680043.10.1");
        ref = new BlobRef(new RegionId("local"), new TenantId("acme"), key.id(), HexFormat.of().formatHex(new byte[32]));
    }

    @Test
    void plaintextRoundTripsWithItsOwnNameAndMarker() throws IOException {
        assertThat(plaintext.put(ref, key, original)).isTrue();

        assertThat(plaintext.readAll(ref, key)).isEqualTo(original);
        Path file = root.resolve(ref.value().replace(".dcm.enc", ".dcm.plaintext-benchmark-only"));
        assertThat(Files.readAllBytes(file)).startsWith(BenchmarkPlaintextBlobCodec.MARKER);
        assertThat(Files.exists(root.resolve(ref.value()))).isFalse();
        try (SeekableByteChannel channel = plaintext.open(ref, key)) {
            assertThat(channel.size()).isEqualTo(original.length);
            ByteBuffer slice = ByteBuffer.allocate(1000);
            channel.position(300_000).read(slice);
            assertThat(slice.array()).isEqualTo(Arrays.copyOfRange(original, 300_000, 301_000));
            assertThat(channel.position()).isEqualTo(301_000);
        }
    }

    @Test
    void anEncryptingArchiveDoesNotFindPlaintextBlobs() throws IOException {
        plaintext.put(ref, key, original);

        assertThat(sealed.exists(ref)).isFalse();
        assertThatThrownBy(() -> sealed.readAll(ref, key)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> sealed.open(ref, key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aPlaintextArchiveDoesNotFindEncryptedBlobs() throws IOException {
        sealed.put(ref, key, original);

        assertThat(plaintext.exists(ref)).isFalse();
        assertThatThrownBy(() -> plaintext.readAll(ref, key)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> plaintext.open(ref, key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aPlaintextObjectRenamedToTheEncryptedNameDoesNotDecrypt() throws IOException {
        plaintext.put(ref, key, original);
        Files.move(root.resolve(plaintext(ref)), root.resolve(ref.value()), StandardCopyOption.ATOMIC_MOVE);

        assertThatThrownBy(() -> sealed.readAll(ref, key)).isInstanceOf(IOException.class).hasMessageContaining("bad magic");
        assertThatThrownBy(() -> sealed.open(ref, key)).isInstanceOf(IOException.class).hasMessageContaining("bad magic");
    }

    @Test
    void anEncryptedObjectRenamedToThePlaintextNameIsNotServedAsPlaintext() throws IOException {
        sealed.put(ref, key, original);
        Files.move(root.resolve(ref.value()), root.resolve(plaintext(ref)), StandardCopyOption.ATOMIC_MOVE);

        assertThatThrownBy(() -> plaintext.readAll(ref, key)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a benchmark plaintext blob");
        assertThatThrownBy(() -> plaintext.open(ref, key)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a benchmark plaintext blob");
    }

    @Test
    void bothKindsCanLieSideBySideAndEachReadsOnlyItsOwn() throws IOException {
        byte[] other = random(5_000);
        assertThat(sealed.put(ref, key, original)).isTrue();
        assertThat(plaintext.put(ref, key, other)).isTrue();

        assertThat(sealed.readAll(ref, key)).isEqualTo(original);
        assertThat(plaintext.readAll(ref, key)).isEqualTo(other);
        plaintext.delete(ref);
        assertThat(sealed.readAll(ref, key)).isEqualTo(original);
    }

    private static String plaintext(BlobRef ref) {
        return new BenchmarkPlaintextBlobCodec().objectName(ref);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
