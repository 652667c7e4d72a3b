package io.custos.bench;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;
import io.custos.archive.retrieve.ByteRange;
import io.custos.archive.retrieve.PixelDataIndex;
import io.custos.archive.retrieve.PixelDataScanner;
import io.custos.archive.retrieve.UnindexablePixelDataException;
import io.custos.archive.storage.BlobRef;
import io.custos.archive.storage.EncryptedBlobs;
import io.custos.archive.storage.FileSystemBlobStore;
import io.custos.archive.storage.testing.CountingBlobStore;
import io.custos.archive.storage.testing.EmbeddedStudyKeys;
import io.custos.keys.BlobCipher;
import io.custos.keys.DataKey;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One frame of a ~1 GB multi-frame object (1,000 native 8-bit frames of 1024 x 1024 = 1 MiB each, a real PS3.10
 * object written by PixelMed) stored through EncryptedBlobs on the real FileSystemBlobStore, read
 * <ol>
 *   <li>through the archive's frame path: a seekable decrypting channel, {@link PixelDataScanner} (cold: the
 *       index is scanned on every read) and the frame's byte range, as WADO-RS serves a frame;</li>
 *   <li>the same with the index already known (WADO-RS keeps it in a cache);</li>
 *   <li>by decrypting the whole object sequentially and keeping the frame's bytes.</li>
 * </ol>
 * Every read is checked against the frame's expected pixels. Ciphertext bytes read are counted at the store.
 * The blob is in the page cache (just written), so this compares decryption work, not disk reads.
 *
 * <p>Usage: {@code FrameReadOneGigabyte <work dir>}; the work dir (blob, keys) is removed at the end.
 */
public final class FrameReadOneGigabyte {

    private static final int ROWS = 1024;
    private static final int COLUMNS = 1024;
    private static final int FRAMES = 1000;
    private static final int FRAME_BYTES = ROWS * COLUMNS;
    private static final int WARMUP_FRAMES = 40;
    private static final int TIMED_FRAMES = 51;
    private static final int WARMUP_WHOLE = 2;
    private static final int TIMED_WHOLE = 7;

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "bench/work/frame-read-1gb");
        Files.createDirectories(work);
        System.out.println("load average at start: " + Samples.loadAverage());
        try (EmbeddedStudyKeys keys = EmbeddedStudyKeys.start(work.resolve("keys"))) {
            run(work, keys.forStudy("1.2.826.0.1.3680043.10.543.2"));
        } finally {
            BlobWriteThroughput.deleteTree(work);
        }
        System.out.println("load average at end: " + Samples.loadAverage());
    }

    private static void run(Path work, DataKey key) throws Exception {
        CountingBlobStore store = new CountingBlobStore(new FileSystemBlobStore(work.resolve("blobs")));
        EncryptedBlobs blobs = new EncryptedBlobs(store, new BlobCipher());
        Path part10 = work.resolve("multiframe.dcm");
        writePart10(part10);
        long objectBytes = Files.size(part10);
        byte[] object = Files.readAllBytes(part10);
        Files.delete(part10);
        BlobRef ref = new BlobRef(new RegionId("local"), new TenantId("bench"), key.id(), sha256(object));
        long t0 = System.nanoTime();
        blobs.put(ref, key, object);
        long putNanos = System.nanoTime() - t0;
        object = null; // let the 1 GB array go before reading
        System.out.printf("object: %,d bytes (%d frames x %,d bytes), stored encrypted in %.0f ms, blob %,d bytes%n",
                objectBytes, FRAMES, FRAME_BYTES, putNanos / 1e6,
                Files.size(work.resolve("blobs").resolve(ref.value())));

        PixelDataIndex index;
        try (SeekableByteChannel channel = blobs.open(ref, key)) {
            index = PixelDataScanner.scan(channel);
        }
        if (index.numberOfFrames() != FRAMES) {
            throw new IllegalStateException("index has " + index.numberOfFrames() + " frames");
        }
        ByteBuffer frame = ByteBuffer.allocate(FRAME_BYTES);

        for (int i = 0; i < WARMUP_FRAMES; i++) {
            readFrameCold(blobs, ref, key, frameNumber(i), frame);
            readFrameIndexed(blobs, ref, key, index, frameNumber(i), frame);
        }
        Samples cold = new Samples(TIMED_FRAMES);
        Samples indexed = new Samples(TIMED_FRAMES);
        long coldBytes = 0;
        long indexedBytes = 0;
        for (int i = 0; i < TIMED_FRAMES; i++) {
            int n = frameNumber(WARMUP_FRAMES + i);
            store.bytesRead.set(0);
            long c0 = System.nanoTime();
            readFrameCold(blobs, ref, key, n, frame);
            cold.add(System.nanoTime() - c0);
            coldBytes += store.bytesRead.getAndSet(0);
            check(frame, n);
            long i0 = System.nanoTime();
            readFrameIndexed(blobs, ref, key, index, n, frame);
            indexed.add(System.nanoTime() - i0);
            indexedBytes += store.bytesRead.getAndSet(0);
            check(frame, n);
        }

        byte[] buffer = new byte[1024 * 1024];
        for (int i = 0; i < WARMUP_WHOLE; i++) {
            readFrameFromWhole(blobs, ref, key, index, frameNumber(i), frame, buffer);
        }
        Samples whole = new Samples(TIMED_WHOLE);
        long wholeBytes = 0;
        for (int i = 0; i < TIMED_WHOLE; i++) {
            int n = frameNumber(WARMUP_FRAMES + i);
            store.streamBytesRead.set(0);
            long w0 = System.nanoTime();
            readFrameFromWhole(blobs, ref, key, index, n, frame, buffer);
            whole.add(System.nanoTime() - w0);
            wholeBytes += store.streamBytesRead.get();
            check(frame, n);
        }

        System.out.println();
        System.out.println("| read of one 1 MiB frame | median | min | max | ciphertext bytes read per read | runs |");
        System.out.println("|---|---|---|---|---|---|");
        row("frame path, index scanned on each read (cold)", cold, coldBytes / TIMED_FRAMES);
        row("frame path, index cached (WADO-RS after the first read)", indexed, indexedBytes / TIMED_FRAMES);
        row("decrypt the whole object, keep the frame", whole, wholeBytes / TIMED_WHOLE);
        System.out.printf("%nratio whole / frame (cold index): %.0fx time, %.0fx bytes%n",
                whole.medianMillis() / cold.medianMillis(), (double) (wholeBytes / TIMED_WHOLE) / (coldBytes / TIMED_FRAMES));
        System.out.printf("ratio whole / frame (cached index): %.0fx time, %.0fx bytes%n",
                whole.medianMillis() / indexed.medianMillis(),
                (double) (wholeBytes / TIMED_WHOLE) / (indexedBytes / TIMED_FRAMES));
    }

    /** Frames spread over the whole object, so no read is served by the previous one's segments. */
    private static int frameNumber(int i) {
        return 1 + (int) ((i * 397L + 500) % FRAMES);
    }

    private static void readFrameCold(EncryptedBlobs blobs, BlobRef ref, DataKey key, int n, ByteBuffer frame)
            throws IOException, UnindexablePixelDataException {
        try (SeekableByteChannel channel = blobs.open(ref, key)) {
            readRanges(channel, PixelDataScanner.scan(channel).frame(n), frame);
        }
    }

    private static void readFrameIndexed(EncryptedBlobs blobs, BlobRef ref, DataKey key, PixelDataIndex index, int n,
            ByteBuffer frame) throws IOException {
        try (SeekableByteChannel channel = blobs.open(ref, key)) {
            readRanges(channel, index.frame(n), frame);
        }
    }

    private static void readRanges(SeekableByteChannel channel, List<ByteRange> ranges, ByteBuffer frame)
            throws IOException {
        frame.clear();
        for (ByteRange range : ranges) {
            channel.position(range.offset());
            frame.limit(frame.position() + (int) range.length());
            while (frame.hasRemaining()) {
                if (channel.read(frame) < 0) {
                    throw new IOException("object ends inside a frame");
                }
            }
        }
    }

    /** Decrypts the object from its first byte to its last, copying the frame's bytes on the way. */
    private static void readFrameFromWhole(EncryptedBlobs blobs, BlobRef ref, DataKey key, PixelDataIndex index,
            int n, ByteBuffer frame, byte[] buffer) throws IOException {
        ByteRange range = index.frame(n).get(0);
        frame.clear();
        long position = 0;
        try (InputStream in = blobs.openStream(ref, key)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                long from = Math.max(position, range.offset());
                long to = Math.min(position + read, range.offset() + range.length());
                if (from < to) {
                    frame.put(buffer, (int) (from - position), (int) (to - from));
                }
                position += read;
            }
        }
    }

    private static void check(ByteBuffer frame, int n) {
        if (frame.position() != FRAME_BYTES) {
            throw new IllegalStateException("frame " + n + ": " + frame.position() + " bytes");
        }
        byte[] bytes = frame.array();
        for (int i = 0; i < FRAME_BYTES; i += 4093) {
            if (bytes[i] != pixel(n - 1, i)) {
                throw new IllegalStateException("frame " + n + " has wrong pixels at " + i);
            }
        }
    }

    private static byte pixel(int frameIndex, int i) {
        return (byte) (frameIndex * 31 + i);
    }

    private static void row(String what, Samples s, long bytesPerRead) {
        System.out.printf("| %s | %.1f ms | %.1f ms | %.1f ms | %,d | %d |%n", what, s.medianMillis(), s.minMillis(),
                s.maxMillis(), bytesPerRead, s.count());
    }

    /** Synthetic Secondary Capture multi-frame (no patient data), Explicit VR Little Endian, native pixels. */
    private static void writePart10(Path file) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        String root = "1.2.826.0.1.3680043.10.543.";
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), "1.2.840.10008.5.1.4.1.1.7.2");
        put(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), root + "3.1");
        put(list, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), root + "2");
        put(list, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), root + "3");
        put(list, new PersonNameAttribute(TagFromName.PatientName), "BENCH^FRAMES");
        put(list, new LongStringAttribute(TagFromName.PatientID), "BENCH-1GB");
        put(list, new CodeStringAttribute(TagFromName.Modality), "OT");
        put(list, new UnsignedShortAttribute(TagFromName.SamplesPerPixel), "1");
        put(list, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "MONOCHROME2");
        put(list, new IntegerStringAttribute(TagFromName.NumberOfFrames), Integer.toString(FRAMES));
        put(list, new UnsignedShortAttribute(TagFromName.Rows), Integer.toString(ROWS));
        put(list, new UnsignedShortAttribute(TagFromName.Columns), Integer.toString(COLUMNS));
        put(list, new UnsignedShortAttribute(TagFromName.BitsAllocated), "8");
        put(list, new UnsignedShortAttribute(TagFromName.BitsStored), "8");
        put(list, new UnsignedShortAttribute(TagFromName.HighBit), "7");
        put(list, new UnsignedShortAttribute(TagFromName.PixelRepresentation), "0");
        byte[] pixels = new byte[FRAMES * FRAME_BYTES];
        for (int f = 0; f < FRAMES; f++) {
            for (int i = 0; i < FRAME_BYTES; i++) {
                pixels[f * FRAME_BYTES + i] = pixel(f, i);
            }
        }
        OtherByteAttribute pixelData = new OtherByteAttribute(TagFromName.PixelData);
        pixelData.setValues(pixels);
        list.put(pixelData);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "CUSTOSBENCH");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
    }

    private static void put(AttributeList list, Attribute a, String value) throws DicomException {
        a.addValue(value);
        list.put(a);
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
