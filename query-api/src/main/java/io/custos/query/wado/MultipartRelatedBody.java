package io.custos.query.wado;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes a multipart/related body (RFC 2387, PS3.18 8.7.3.5) part by part straight to the response, so a
 * study is streamed instance by instance and never held in memory. Counts the bytes it writes.
 */
final class MultipartRelatedBody {

    private final CountingOutput out;
    private final String boundary = UUID.randomUUID().toString();

    MultipartRelatedBody(OutputStream out) {
        this.out = new CountingOutput(out);
    }

    /** The response Content-Type: multipart/related with the part type and this body's boundary. */
    String contentType(String partType) {
        return "multipart/related; type=\"" + partType + "\"; boundary=" + boundary;
    }

    /** Starts a part and returns the stream for its content; the next call to part or finish ends it. */
    OutputStream part(String contentType, long length) throws IOException {
        ascii("--" + boundary + "\r\nContent-Type: " + contentType + "\r\n"
                + (length >= 0 ? "Content-Length: " + length + "\r\n" : "") + "\r\n");
        return new FilterOutputStream(out) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            /** Ends the part once, even if a library closes the stream it was given and the caller closes it too. */
            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    ascii("\r\n");
                }
            }
        };
    }

    void finish() throws IOException {
        ascii("--" + boundary + "--\r\n");
        out.flush();
    }

    long bytes() {
        return out.count;
    }

    private void ascii(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static final class CountingOutput extends FilterOutputStream {
        private long count;

        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
