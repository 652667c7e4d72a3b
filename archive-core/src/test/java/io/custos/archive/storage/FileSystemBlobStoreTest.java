package io.custos.archive.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSystemBlobStoreTest {

    @TempDir
    Path root;

    @Test
    void storesOnceAndNeverOverwrites() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        assertThat(store.putIfAbsent("a/b/c.bin", out -> out.write(new byte[] {1, 2, 3}))).isTrue();
        assertThat(store.putIfAbsent("a/b/c.bin", out -> out.write(new byte[] {9}))).isFalse();
        try (var in = store.openStream("a/b/c.bin")) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void aFailedWriteLeavesNothingVisible() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        assertThatThrownBy(() -> store.putIfAbsent("x/y.bin", out -> {
            out.write(new byte[1000]);
            throw new IOException("disk gone");
        })).isInstanceOf(IOException.class);
        assertThat(store.exists("x/y.bin")).isFalse();
        try (Stream<BlobStore.StoredBlob> all = store.list()) {
            assertThat(all.toList()).isEmpty();
        }
        try (Stream<Path> temp = Files.list(root.resolve(".incoming"))) {
            assertThat(temp.toList()).isEmpty();
        }
    }

    @Test
    void leftoverTemporaryFilesOfACrashAreRemovedOnStart() throws IOException {
        Files.createDirectories(root.resolve(".incoming"));
        Files.write(root.resolve(".incoming/dead.part"), new byte[10]);
        new FileSystemBlobStore(root);
        assertThat(root.resolve(".incoming/dead.part")).doesNotExist();
    }

    @Test
    void randomAccessAndListingAndDelete() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        store.putIfAbsent("r/t/k/one.bin", out -> out.write("0123456789".getBytes()));
        try (SeekableByteChannel ch = store.open("r/t/k/one.bin")) {
            ch.position(5);
            ByteBuffer buf = ByteBuffer.allocate(3);
            ch.read(buf);
            assertThat(new String(buf.array())).isEqualTo("567");
        }
        try (Stream<BlobStore.StoredBlob> all = store.list()) {
            assertThat(all.map(BlobStore.StoredBlob::ref).toList()).isEqualTo(List.of("r/t/k/one.bin"));
        }
        store.delete("r/t/k/one.bin");
        assertThatThrownBy(() -> store.open("r/t/k/one.bin")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void theDirectoriesAPutCreatesAreKnownSoTheirParentsCanBeForced() throws IOException {
        Files.createDirectories(root.resolve("r/t"));
        assertThat(FileSystemBlobStore.missingDirectories(root.resolve("r/t/k1/sub")))
                .containsExactly(root.resolve("r/t/k1/sub"), root.resolve("r/t/k1"));
        assertThat(FileSystemBlobStore.missingDirectories(root.resolve("r/t"))).isEmpty();

        FileSystemBlobStore store = new FileSystemBlobStore(root);
        assertThat(store.putIfAbsent("r/t/k1/sub/blob.bin", out -> out.write(7))).isTrue();
        assertThat(FileSystemBlobStore.missingDirectories(root.resolve("r/t/k1/sub"))).isEmpty();
        assertThat(Files.readAllBytes(root.resolve("r/t/k1/sub/blob.bin"))).containsExactly(7);
    }

    @Test
    void refusesReferencesThatEscapeTheRoot() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        assertThatThrownBy(() -> store.putIfAbsent("../evil", out -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }
}
