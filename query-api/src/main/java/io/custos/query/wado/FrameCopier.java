package io.custos.query.wado;

import io.custos.archive.retrieve.ByteRange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * Copies byte ranges of a stored object (a frame's value or fragments) from the decrypting channel to a
 * response part: only the blob segments holding them are read. Native big-endian words are swapped to
 * little endian on the way (PS3.18 8.7.3.5.3: native frames are sent in Explicit VR Little Endian).
 */
final class FrameCopier {

    private static final int CHUNK = 256 * 1024;

    private FrameCopier() {
    }

    static long copy(SeekableByteChannel channel, List<ByteRange> ranges, OutputStream out, int swapWidth)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long written = 0;
        for (ByteRange range : ranges) {
            channel.position(range.offset());
            long left = range.length();
            while (left > 0) {
                buffer.clear().limit((int) Math.min(CHUNK, left));
                int n = channel.read(buffer);
                if (n < 0) {
                    throw new IOException("stored object ends inside a frame");
                }
                if (buffer.hasRemaining()) {
                    continue;
                }
                byte[] bytes = buffer.array();
                int length = buffer.position();
                if (swapWidth > 1) {
                    swap(bytes, length, swapWidth);
                }
                out.write(bytes, 0, length);
                written += length;
                left -= length;
            }
        }
        return written;
    }

    /** Reverses each {@code width}-byte word; CHUNK is a multiple of every width used (2, 4, 8). */
    private static void swap(byte[] bytes, int length, int width) {
        for (int word = 0; word + width <= length; word += width) {
            for (int i = 0; i < width / 2; i++) {
                byte t = bytes[word + i];
                bytes[word + i] = bytes[word + width - 1 - i];
                bytes[word + width - 1 - i] = t;
            }
        }
    }
}
