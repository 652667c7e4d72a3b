package io.custos.bench;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;
import io.custos.archive.storage.BenchmarkPlaintextBlobCodec;
import io.custos.archive.storage.BlobRef;
import io.custos.archive.storage.EncryptedBlobs;
import io.custos.archive.storage.FileSystemBlobStore;
import io.custos.archive.storage.testing.EmbeddedStudyKeys;
import io.custos.keys.BlobCipher;
import io.custos.keys.DataKey;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Microbenchmark: storing one object through the archive's blob path, encrypted ({@link BlobCipher} via
 * EncryptedBlobs) vs the benchmark-only plaintext codec, on the real FileSystemBlobStore (temporary file,
 * fsync, link, directory fsync: what every ingest pays), for a CT slice (0.5 MiB), 10 MiB and 100 MiB; and the
 * cipher alone into a discarding sink. Warm-up first, then medians; the two modes alternate within every
 * sample so that background load hits both alike.
 *
 * <p>Usage: {@code BlobWriteThroughput <work dir>} (created, and removed afterwards).
 */
public final class BlobWriteThroughput {

    private record Size(String label, int bytes, int warmupOps, int samples, int opsPerSample) {
    }

    private static final List<Size> SIZES = List.of(
            new Size("0.5 MiB (CT slice)", 512 * 1024, 400, 11, 40),
            new Size("10 MiB", 10 * 1024 * 1024, 40, 11, 4),
            new Size("100 MiB", 100 * 1024 * 1024, 6, 7, 1));

    private final EncryptedBlobs sealed;
    private final EncryptedBlobs plaintext;
    private final BlobCipher cipher = new BlobCipher();
    private final DataKey key;
    private long nextRef;

    private BlobWriteThroughput(FileSystemBlobStore store, DataKey key) {
        this.sealed = new EncryptedBlobs(store, cipher);
        this.plaintext = new EncryptedBlobs(store, new BenchmarkPlaintextBlobCodec());
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "bench/work/blob-write");
        Files.createDirectories(work);
        System.out.println("load average at start: " + Samples.loadAverage());
        try (EmbeddedStudyKeys keys = EmbeddedStudyKeys.start(work.resolve("keys"))) {
            BlobWriteThroughput bench = new BlobWriteThroughput(new FileSystemBlobStore(work.resolve("blobs")),
                    keys.forStudy("1.2.826.0.1.3680043.10.543.1"));
            System.out.println();
            System.out.println("| object | encrypted put | plaintext put | overhead | encrypted MB/s | plaintext MB/s "
                    + "| cipher only MB/s | samples x ops |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (Size size : SIZES) {
                System.out.println(bench.measure(size));
            }
        } finally {
            deleteTree(work);
        }
        System.out.println();
        System.out.println("load average at end: " + Samples.loadAverage());
    }

    private String measure(Size size) throws IOException {
        byte[] data = new byte[size.bytes()];
        new Random(size.bytes()).nextBytes(data);
        for (int i = 0; i < size.warmupOps(); i++) {
            putAndDelete(sealed, data);
            putAndDelete(plaintext, data);
            encryptOnly(data);
        }
        Samples enc = new Samples(size.samples());
        Samples plain = new Samples(size.samples());
        Samples cipherOnly = new Samples(size.samples());
        for (int s = 0; s < size.samples(); s++) {
            boolean sealedFirst = s % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean doSealed = (turn == 0) == sealedFirst;
                (doSealed ? enc : plain).add(timePuts(doSealed ? sealed : plaintext, data, size.opsPerSample()));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < size.opsPerSample(); i++) {
                encryptOnly(data);
            }
            cipherOnly.add(System.nanoTime() - t0);
        }
        double encMs = enc.medianMillis() / size.opsPerSample();
        double plainMs = plain.medianMillis() / size.opsPerSample();
        double cipherMs = cipherOnly.medianMillis() / size.opsPerSample();
        return String.format("| %s | %.2f ms | %.2f ms | %+.0f %% | %.0f | %.0f | %.0f | %d x %d |", size.label(),
                encMs, plainMs, (encMs / plainMs - 1) * 100, mbPerS(size.bytes(), encMs), mbPerS(size.bytes(), plainMs),
                mbPerS(size.bytes(), cipherMs), size.samples(), size.opsPerSample());
    }

    /** Time of {@code ops} puts; the objects are deleted afterwards, outside the timing. */
    private long timePuts(EncryptedBlobs blobs, byte[] data, int ops) throws IOException {
        List<BlobRef> written = new ArrayList<>(ops);
        long t0 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            BlobRef ref = nextRef();
            blobs.put(ref, key, data);
            written.add(ref);
        }
        long elapsed = System.nanoTime() - t0;
        for (BlobRef ref : written) {
            blobs.delete(ref);
        }
        return elapsed;
    }

    private void putAndDelete(EncryptedBlobs blobs, byte[] data) throws IOException {
        BlobRef ref = nextRef();
        blobs.put(ref, key, data);
        blobs.delete(ref);
    }

    private void encryptOnly(byte[] data) throws IOException {
        try (OutputStream out = cipher.encryptingStream(key, "bench".getBytes(StandardCharsets.US_ASCII),
                OutputStream.nullOutputStream(), data.length)) {
            out.write(data);
        }
    }

    private BlobRef nextRef() {
        return new BlobRef(new RegionId("local"), new TenantId("bench"), key.id(), String.format("%064x", nextRef++));
    }

    private static double mbPerS(int bytes, double millis) {
        return bytes / 1e6 / (millis / 1e3);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
