package io.custos.query.wado;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import io.custos.archive.retrieve.PixelDataIndex;
import io.custos.archive.retrieve.PixelDataIndexes;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.retrieve.UnindexablePixelDataException;
import io.custos.archive.study.api.InstanceStoredEvent;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The DICOM JSON (PS3.18 Annex F) of one stored instance, read from its encrypted blob up to Pixel Data
 * only (the pixels are referenced as bulk data, never decrypted for metadata).
 *
 * <p>Series metadata is what viewers wait on, so each instance's JSON is kept in a bounded in-memory cache
 * (weighed in bytes) keyed by the content-addressed blob reference and the URI base of its BulkDataURIs. It
 * holds PHI, so it lives only in this process's memory (never written to disk or another store) and is
 * always derivable again from the blob.
 */
final class InstanceMetadata {

    private record Key(String blobRef, String instanceUri) {
    }

    private final StoredInstances stored;
    private final PixelDataIndexes indexes;
    private final Cache<Key, byte[]> cache;
    private final AttributeListJson json = new AttributeListJson();
    private final JsonFactory factory = new JsonFactory();

    InstanceMetadata(StoredInstances stored, PixelDataIndexes indexes, long maxCacheBytes) {
        this.stored = stored;
        this.indexes = indexes;
        this.cache = Caffeine.newBuilder().maximumWeight(maxCacheBytes)
                .weigher((Key k, byte[] v) -> v.length + k.instanceUri().length() * 2 + 128).build();
    }

    /** One JSON object (not an array) for the instance; {@code instanceUri} prefixes its bulkdata URIs. */
    byte[] of(InstanceStoredEvent instance, String instanceUri) {
        return cache.get(new Key(instance.blobRef(), instanceUri), k -> build(instance, instanceUri));
    }

    /** One decrypting channel for both the frame index and the parse: the header segments are decrypted once. */
    private byte[] build(InstanceStoredEvent instance, String instanceUri) {
        try (SeekableByteChannel channel = stored.open(instance)) {
            Optional<PixelDataIndex> pixels = pixelData(instance, channel);
            // Without an index (deflated data sets) the whole object is parsed, pixel data undecoded.
            boolean wholeObject = pixels.isEmpty() && TransferSyntaxes.DEFLATED.equals(
                    instance.transferSyntax().value());
            channel.position(0);
            AttributeList list = read(channel, wholeObject);
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            try (JsonGenerator g = factory.createGenerator(ObjectWriteContext.empty(), out)) {
                g.writeStartObject();
                json.writeTopLevel(g, list, instanceUri);
                pixels.ifPresent(p -> AttributeListJson.writePixelDataReference(g, p.pixelDataVr(), instanceUri));
                g.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a stored instance for metadata", e);
        } catch (DicomException e) {
            throw new IllegalStateException("stored instance cannot be parsed for metadata", e);
        }
    }

    private Optional<PixelDataIndex> pixelData(InstanceStoredEvent instance, SeekableByteChannel channel)
            throws IOException {
        try {
            return Optional.of(indexes.of(instance, channel));
        } catch (UnindexablePixelDataException noPixels) {
            return Optional.empty();
        }
    }

    private static AttributeList read(SeekableByteChannel channel, boolean wholeObject)
            throws IOException, DicomException {
        try (InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024)) {
            AttributeList list = new AttributeList();
            list.setDecompressPixelData(false);
            DicomInputStream din = new DicomInputStream(in);
            if (wholeObject) {
                list.read(din);
            } else {
                list.read(din, TagFromName.PixelData);
            }
            return list;
        }
    }
}
