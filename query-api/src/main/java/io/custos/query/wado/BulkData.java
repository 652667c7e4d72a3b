package io.custos.query.wado;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import io.custos.archive.retrieve.PixelDataIndexes;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.retrieve.UnindexablePixelDataException;
import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.query.dicom.DicomTags;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bulk data resources (PS3.18 10.4.1.1.5) behind the BulkDataURIs of metadata: {@code .../bulkdata/{tag}},
 * the tag of a top-level attribute as 8 hex digits. Pixel Data with a frame index is sent frame by frame like
 * the frames resource (only the segments holding the pixels are read); any other value is read from the
 * object by PixelMed and sent as little-endian bytes (application/octet-stream, PS3.18 8.7.3.5.4).
 */
final class BulkData {

    private final StoredInstances stored;
    private final PixelDataIndexes indexes;

    BulkData(StoredInstances stored, PixelDataIndexes indexes) {
        this.stored = stored;
        this.indexes = indexes;
    }

    static int parseTag(String hex) {
        if (hex == null || !hex.matches("[0-9A-Fa-f]{8}")) {
            throw WadoException.badRequest("the bulk data path must end in a tag of 8 hex digits");
        }
        return Integer.parseUnsignedInt(hex, 16);
    }

    boolean hasFrameIndex(InstanceStoredEvent instance) throws IOException {
        try {
            return !indexes.of(instance).frames().isEmpty();
        } catch (UnindexablePixelDataException e) {
            return false;
        }
    }

    byte[] value(InstanceStoredEvent instance, int tag) throws IOException {
        try (InputStream in = new BufferedInputStream(stored.openStream(instance), 64 * 1024)) {
            AttributeList list = new AttributeList();
            list.setDecompressPixelData(false);
            list.read(new DicomInputStream(in));
            Attribute a = list.get(DicomTags.toAttributeTag(tag));
            byte[] bytes = a == null ? null : a.getByteValues(false);
            if (bytes == null) {
                throw WadoException.notFound("bulk data");
            }
            return bytes;
        } catch (DicomException e) {
            throw new IOException("stored instance cannot be parsed for bulk data", e);
        }
    }
}
