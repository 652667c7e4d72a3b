package io.custos.archive.study.application;

import io.custos.archive.ingest.api.IndexedAttribute;
import io.custos.archive.study.api.AttributeOpener;
import io.custos.archive.study.api.SealedAttributes;
import io.custos.keys.DataKey;
import io.custos.keys.FieldCipher;
import io.custos.keys.StudyKeys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encrypts the indexed attribute values (PHI) that travel inside events with the study's data key, and
 * opens them again for projections. The associated data binds the ciphertext to its study, so a sealed
 * value cannot be replayed into another study's event. Once the key is destroyed, the values are gone.
 */
public final class AttributeSealer implements AttributeOpener {

    private static final int FORMAT = 1;

    private final StudyKeys keys;
    private final FieldCipher cipher;

    public AttributeSealer(StudyKeys keys, FieldCipher cipher) {
        this.keys = keys;
        this.cipher = cipher;
    }

    public SealedAttributes seal(DataKey key, String studyId, List<IndexedAttribute> attributes) {
        return new SealedAttributes(key.id(), cipher.seal(key, encode(attributes), associatedData(studyId)));
    }

    @Override
    public List<IndexedAttribute> open(String studyId, SealedAttributes sealed) {
        DataKey key = keys.byId(sealed.dataKeyId());
        return decode(cipher.open(key, sealed.ciphertext(), associatedData(studyId)));
    }

    private static byte[] associatedData(String studyId) {
        return ("custos:attributes:" + studyId).getBytes(StandardCharsets.UTF_8);
    }

    // A fixed, versioned binary layout: small, and independent of any JSON library's defaults.
    static byte[] encode(List<IndexedAttribute> attributes) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeInt(attributes.size());
            for (IndexedAttribute a : attributes) {
                out.writeInt(a.tag());
                out.writeUTF(a.vr());
                out.writeInt(a.values().size());
                for (String v : a.values()) {
                    byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<IndexedAttribute> decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown sealed attribute format " + format);
            }
            int count = in.readInt();
            List<IndexedAttribute> attributes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int tag = in.readInt();
                String vr = in.readUTF();
                int n = in.readInt();
                List<String> values = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    values.add(new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8));
                }
                attributes.add(new IndexedAttribute(tag, vr, values));
            }
            return attributes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
