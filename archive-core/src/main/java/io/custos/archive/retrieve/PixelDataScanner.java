package io.custos.archive.retrieve;

import com.pixelmed.dicom.TransferSyntax;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Locates the frames of a PS3.10 object by walking its data element headers (PS3.5 7.1) up to Pixel Data
 * (7FE0,0010), skipping every value it does not need, so only the header segments and later the frame's own
 * segments of an encrypted blob are ever decrypted.
 *
 * <ul>
 *   <li>Native pixel data (PS3.5 8.1.1): frame N starts at {@code (N-1) * Rows * Columns * SamplesPerPixel *
 *       BitsAllocated / 8}; frames that are not a whole number of bytes (1-bit multi-frame) are refused.</li>
 *   <li>Encapsulated pixel data (PS3.5 A.4): one frame = all fragments; fragments = frames: one each; otherwise
 *       the Basic Offset Table decides.</li>
 * </ul>
 * Where frames cannot be told apart without decoding (1-bit multi-frame, several fragments per frame and no
 * Basic Offset Table) the index has the pixel data but no frames.
 * Deflated data sets (PS3.5 A.5) cannot be walked without inflating everything before the pixels: refused.
 */
public final class PixelDataScanner {

    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final int TRANSFER_SYNTAX = 0x00020010;
    private static final int NUMBER_OF_FRAMES = 0x00280008;
    private static final int ROWS = 0x00280010;
    private static final int COLUMNS = 0x00280011;
    private static final int SAMPLES_PER_PIXEL = 0x00280002;
    private static final int BITS_ALLOCATED = 0x00280100;
    private static final int PIXEL_DATA = 0x7FE00010;
    /** PS3.5 7.1.2: these VRs have a reserved field and a 32-bit length in explicit VR. */
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
            "UR", "UT", "UV");

    private record Header(int tag, String vr, long length) {
    }

    private final ChannelCursor in;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private boolean explicitVr = true;
    private int rows;
    private int columns;
    private int samplesPerPixel = 1;
    private int bitsAllocated;
    private int numberOfFrames = 1;

    private PixelDataScanner(ChannelCursor in) {
        this.in = in;
    }

    /** Scans the plaintext object from its start. */
    public static PixelDataIndex scan(SeekableByteChannel plaintext) throws IOException, UnindexablePixelDataException {
        plaintext.position(0);
        return new PixelDataScanner(new ChannelCursor(plaintext)).scan();
    }

    private PixelDataIndex scan() throws IOException, UnindexablePixelDataException {
        in.seek(128);
        if (!"DICM".equals(in.ascii(4))) {
            throw new UnindexablePixelDataException("not a PS3.10 object");
        }
        String ts = readMetaHeader();
        if (TransferSyntax.DeflatedExplicitVRLittleEndian.equals(ts)) {
            throw new UnindexablePixelDataException("frames of deflated data sets are not indexed");
        }
        explicitVr = !TransferSyntax.ImplicitVRLittleEndian.equals(ts);
        order = TransferSyntax.ExplicitVRBigEndian.equals(ts) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        while (!in.atEnd()) {
            Header h = header();
            if (h.tag() == PIXEL_DATA) {
                return h.length() == UNDEFINED ? encapsulated(ts) : nativeFrames(ts, h);
            }
            if (Integer.compareUnsigned(h.tag(), PIXEL_DATA) > 0) {
                break;
            }
            readOrSkip(h);
        }
        throw new UnindexablePixelDataException("no pixel data");
    }

    /** PS3.10 7.1: the File Meta Information is always explicit VR little endian, group 0002. */
    private String readMetaHeader() throws IOException {
        String ts = "";
        while (true) {
            long at = in.position();
            int group = in.u16(ByteOrder.LITTLE_ENDIAN);
            in.seek(at);
            if (group != 0x0002) {
                return ts;
            }
            Header h = header();
            if (h.tag() == TRANSFER_SYNTAX) {
                ts = in.ascii((int) h.length()).replace("\0", "").strip();
            } else {
                in.skip(h.length());
            }
        }
    }

    private Header header() throws IOException {
        int group = in.u16(order);
        int element = in.u16(order);
        int tag = group << 16 | element;
        if (group == 0xFFFE) {
            return new Header(tag, null, in.u32(order));
        }
        if (!explicitVr) {
            return new Header(tag, null, in.u32(order));
        }
        String vr = in.ascii(2);
        if (LONG_VRS.contains(vr)) {
            in.skip(2);
            return new Header(tag, vr, in.u32(order));
        }
        return new Header(tag, vr, in.u16(order));
    }

    private void readOrSkip(Header h) throws IOException {
        switch (h.tag()) {
            case ROWS -> rows = (int) unsigned16(h);
            case COLUMNS -> columns = (int) unsigned16(h);
            case SAMPLES_PER_PIXEL -> samplesPerPixel = (int) unsigned16(h);
            case BITS_ALLOCATED -> bitsAllocated = (int) unsigned16(h);
            case NUMBER_OF_FRAMES -> numberOfFrames = integerString(h);
            default -> skipValue(h);
        }
    }

    private long unsigned16(Header h) throws IOException {
        if (h.length() != 2) {
            skipValue(h);
            return 0;
        }
        return in.u16(order);
    }

    private int integerString(Header h) throws IOException {
        if (h.length() == UNDEFINED || h.length() > 16) {
            skipValue(h);
            return 1;
        }
        String v = in.ascii((int) h.length()).replace("\0", "").strip();
        try {
            return Math.max(1, Integer.parseInt(v.startsWith("+") ? v.substring(1) : v));
        } catch (NumberFormatException malformed) {
            return 1;
        }
    }

    private void skipValue(Header h) throws IOException {
        if (h.length() != UNDEFINED) {
            in.skip(h.length());
            return;
        }
        // PS3.5 6.2.2: an undefined-length UN holds implicit VR little endian items.
        boolean wasExplicit = explicitVr;
        if ("UN".equals(h.vr())) {
            explicitVr = false;
        }
        try {
            skipItems();
        } finally {
            explicitVr = wasExplicit;
        }
    }

    /** PS3.5 7.5: items until the sequence delimitation item. */
    private void skipItems() throws IOException {
        while (true) {
            Header item = header();
            if (item.tag() == SEQUENCE_END) {
                return;
            }
            if (item.tag() != ITEM) {
                throw new IOException("malformed sequence");
            }
            if (item.length() != UNDEFINED) {
                in.skip(item.length());
                continue;
            }
            for (Header h = header(); h.tag() != ITEM_END; h = header()) {
                skipValue(h);
            }
        }
    }

    private PixelDataIndex nativeFrames(String ts, Header h) {
        ByteRange value = new ByteRange(in.position(), h.length());
        long frameBits = (long) rows * columns * samplesPerPixel * bitsAllocated;
        List<List<ByteRange>> frames = new ArrayList<>();
        if (numberOfFrames == 1) {
            frames.add(List.of(value));
        } else {
            if (frameBits == 0 || frameBits % 8 != 0 || frameBits / 8 * numberOfFrames > h.length()) {
                return index(ts, false, h.vr(), value, List.of());
            }
            long frameBytes = frameBits / 8;
            for (int i = 0; i < numberOfFrames; i++) {
                frames.add(List.of(new ByteRange(value.offset() + i * frameBytes, frameBytes)));
            }
        }
        return index(ts, false, h.vr(), value, frames);
    }

    private PixelDataIndex index(String ts, boolean encapsulated, String vr, ByteRange value,
                                 List<List<ByteRange>> frames) {
        String pixelVr = encapsulated ? "OB" : vr != null ? vr : bitsAllocated > 8 ? "OW" : "OB";
        return new PixelDataIndex(ts, encapsulated, order == ByteOrder.BIG_ENDIAN, pixelVr, rows, columns,
                samplesPerPixel, bitsAllocated, value, frames);
    }

    /** PS3.5 A.4: Basic Offset Table item, then one item per fragment, then a sequence delimitation item. */
    private PixelDataIndex encapsulated(String ts) throws IOException, UnindexablePixelDataException {
        long valueStart = in.position();
        Header table = header();
        if (table.tag() != ITEM || table.length() == UNDEFINED || table.length() % 4 != 0) {
            throw new IOException("malformed encapsulated pixel data");
        }
        long[] offsets = new long[(int) (table.length() / 4)];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = in.u32(ByteOrder.LITTLE_ENDIAN);
        }
        long firstFragment = in.position();
        List<Long> itemStarts = new ArrayList<>();
        List<ByteRange> fragments = new ArrayList<>();
        while (true) {
            long itemStart = in.position();
            Header item = header();
            if (item.tag() == SEQUENCE_END) {
                break;
            }
            if (item.tag() != ITEM || item.length() == UNDEFINED) {
                throw new IOException("malformed encapsulated pixel data");
            }
            itemStarts.add(itemStart - firstFragment);
            fragments.add(new ByteRange(in.position(), item.length()));
            in.skip(item.length());
        }
        return index(ts, true, "OB", new ByteRange(valueStart, in.position() - valueStart),
                framesOf(fragments, itemStarts, offsets));
    }

    /** Empty when the frames cannot be told apart without decoding. */
    private List<List<ByteRange>> framesOf(List<ByteRange> fragments, List<Long> itemStarts, long[] offsets) {
        if (fragments.isEmpty()) {
            return List.of();
        }
        if (numberOfFrames == 1) {
            return List.of(fragments);
        }
        if (fragments.size() == numberOfFrames) {
            return fragments.stream().map(List::of).toList();
        }
        if (offsets.length != numberOfFrames) {
            return List.of();
        }
        List<List<ByteRange>> frames = new ArrayList<>();
        for (int f = 0; f < numberOfFrames; f++) {
            long from = offsets[f];
            long to = f + 1 < offsets.length ? offsets[f + 1] : Long.MAX_VALUE;
            List<ByteRange> frame = new ArrayList<>();
            for (int i = 0; i < fragments.size(); i++) {
                if (itemStarts.get(i) >= from && itemStarts.get(i) < to) {
                    frame.add(fragments.get(i));
                }
            }
            if (frame.isEmpty()) {
                return List.of();
            }
            frames.add(frame);
        }
        return frames;
    }
}
