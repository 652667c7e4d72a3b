package io.custos.query.index;

import io.custos.query.dicom.DicomAttribute;
import io.custos.query.dicom.DicomDataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-row blob holding all indexed attributes of a level, from which responses are built. A small
 * versioned binary form (tag, VR, values as UTF-8) rather than DICOM JSON: it is internal, cheap to decode,
 * and the public JSON stays the writer's single responsibility.
 */
final class AttributeBlobCodec {

    private static final byte VERSION = 1;

    private AttributeBlobCodec() {
    }

    static ByteBuffer encode(DicomDataset dataset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeShort(dataset.attributes().size());
            for (DicomAttribute a : dataset.attributes()) {
                out.writeInt(a.tag());
                writeString(out, a.vr());
                out.writeShort(a.values().size());
                for (String v : a.values()) {
                    writeString(out, v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteBuffer.wrap(bytes.toByteArray());
    }

    static DicomDataset decode(ByteBuffer blob) {
        if (blob == null) {
            return DicomDataset.empty();
        }
        byte[] array = new byte[blob.remaining()];
        blob.duplicate().get(array);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(array))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("unsupported attribute blob version " + version);
            }
            int count = in.readUnsignedShort();
            List<DicomAttribute> attributes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int tag = in.readInt();
                String vr = readString(in);
                int n = in.readUnsignedShort();
                List<String> values = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    values.add(readString(in));
                }
                attributes.add(new DicomAttribute(tag, vr, values));
            }
            return DicomDataset.of(attributes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
