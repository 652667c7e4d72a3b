package io.custos.archive.ingest.stow;

import org.apache.commons.fileupload2.core.MultipartInput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Streams the parts of a multipart/related body (RFC 2387) as PS3.18 8.6.1.2 uses it for STOW-RS:
 * each part is read into memory up to a size limit, one at a time, so a request of any number of parts
 * never holds more than one object.
 */
final class MultipartRelated {

    private final MultipartInput input;
    private final long maxPartBytes;
    private boolean first = true;

    private MultipartRelated(MultipartInput input, long maxPartBytes) {
        this.input = input;
        this.maxPartBytes = maxPartBytes;
    }

    static MultipartRelated open(String contentType, InputStream body, long maxPartBytes) throws StowRequestException {
        MediaType type = MediaType.parse(contentType);
        if (!"multipart/related".equals(type.essence())) {
            throw new StowRequestException(415, "STOW-RS expects multipart/related; type=\"application/dicom\"");
        }
        String rootType = type.parameter("type").orElse("application/dicom");
        if (!"application/dicom".equalsIgnoreCase(rootType)) {
            throw new StowRequestException(415, "Only type=\"application/dicom\" is supported");
        }
        String boundary = type.parameter("boundary")
                .orElseThrow(() -> new StowRequestException(400, "multipart/related without a boundary parameter"));
        try {
            MultipartInput input = MultipartInput.builder()
                    .setInputStream(body)
                    .setBoundary(boundary.getBytes(StandardCharsets.ISO_8859_1))
                    .get();
            return new MultipartRelated(input, maxPartBytes);
        } catch (IOException | RuntimeException e) {
            throw new StowRequestException(400, "Invalid multipart boundary");
        }
    }

    /** The next part, or empty after the closing boundary. */
    Optional<Part> next() throws StowRequestException {
        try {
            boolean more = first ? input.skipPreamble() : input.readBoundary();
            first = false;
            if (!more) {
                return Optional.empty();
            }
            String headers = input.readHeaders();
            String partType = header(headers, "content-type").orElse("application/dicom");
            LimitedBuffer buffer = new LimitedBuffer(maxPartBytes);
            input.readBodyData(buffer);
            return Optional.of(new Part(MediaType.parse(partType).essence(), buffer.bytes(), buffer.exceeded()));
        } catch (MultipartInput.MalformedStreamException e) {
            throw new StowRequestException(400, "Malformed multipart/related body");
        } catch (IOException | RuntimeException e) {
            throw new StowRequestException(400, "Unreadable multipart/related body");
        }
    }

    private static Optional<String> header(String block, String name) {
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(line.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    /** One body part: its media type, and its bytes unless it was larger than the limit. */
    record Part(String mediaType, byte[] bytes, boolean tooLarge) {
    }

    /** Keeps reading past the limit (the stream must be drained to reach the next part) but stops keeping. */
    private static final class LimitedBuffer extends OutputStream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream(64 * 1024);
        private final long limit;
        private long seen;

        LimitedBuffer(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            seen += len;
            if (seen <= limit) {
                kept.write(b, off, len);
            } else if (kept.size() > 0) {
                kept.reset();
            }
        }

        boolean exceeded() {
            return seen > limit;
        }

        byte[] bytes() {
            return exceeded() ? new byte[0] : kept.toByteArray();
        }
    }
}
