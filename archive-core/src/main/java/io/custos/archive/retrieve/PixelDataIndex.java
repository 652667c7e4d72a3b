package io.custos.archive.retrieve;

import java.util.List;

/**
 * Where the frames of an instance lie inside its original (plaintext) bytes, so a frame is served by
 * reading only the blob segments that hold it. Derived from the object itself by {@link PixelDataScanner}
 * and therefore only ever a cache.
 *
 * @param transferSyntax the data set's transfer syntax (PS3.5 Section 10)
 * @param encapsulated   true for encapsulated pixel data (PS3.5 A.4): each frame is a list of fragments
 * @param bigEndian      native pixel data stored in Explicit VR Big Endian (PS3.5 A.3)
 * @param pixelDataVr    OB or OW as stored (OW assumed for implicit VR with more than 8 bits allocated)
 * @param frames         per frame, the byte ranges holding it: one range for native data, the fragment
 *                       values (without item headers) for encapsulated data; empty when they cannot
 *                       be located without decoding (see {@link PixelDataScanner})
 */
public record PixelDataIndex(String transferSyntax, boolean encapsulated, boolean bigEndian, String pixelDataVr,
                             int rows, int columns, int samplesPerPixel, int bitsAllocated,
                             ByteRange pixelData, List<List<ByteRange>> frames) {

    public PixelDataIndex {
        frames = frames.stream().map(List::copyOf).toList();
    }

    public int numberOfFrames() {
        return frames.size();
    }

    /** The ranges of frame {@code number}, counted from 1 as in PS3.18 8.3.5.1.2. */
    public List<ByteRange> frame(int number) {
        if (number < 1 || number > frames.size()) {
            throw new IndexOutOfBoundsException("frame " + number + " of " + frames.size());
        }
        return frames.get(number - 1);
    }

    public long frameLength(int number) {
        return frame(number).stream().mapToLong(ByteRange::length).sum();
    }
}
