package io.custos.query.wado;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Transfer syntax facts WADO-RS negotiation needs (PS3.5 Section 10, PS3.18 Table 8.7.3-5). */
final class TransferSyntaxes {

    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";

    /** Native (uncompressed) encodings: Explicit VR Little Endian can be produced from these. */
    private static final Set<String> NATIVE = Set.of(IMPLICIT_LE, EXPLICIT_LE, DEFLATED, EXPLICIT_BE);

    /** PS3.18 Table 8.7.3-5: the media type of a compressed frame for each encapsulated syntax. */
    private static final Map<String, String> FRAME_MEDIA_TYPES = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.4.50", "image/jpeg"),
            Map.entry("1.2.840.10008.1.2.4.51", "image/jpeg"),
            Map.entry("1.2.840.10008.1.2.4.57", "image/jpeg"),
            Map.entry("1.2.840.10008.1.2.4.70", "image/jpeg"),
            Map.entry("1.2.840.10008.1.2.4.80", "image/jls"),
            Map.entry("1.2.840.10008.1.2.4.81", "image/jls"),
            Map.entry("1.2.840.10008.1.2.4.90", "image/jp2"),
            Map.entry("1.2.840.10008.1.2.4.91", "image/jp2"),
            Map.entry("1.2.840.10008.1.2.4.92", "image/jpx"),
            Map.entry("1.2.840.10008.1.2.4.93", "image/jpx"),
            Map.entry("1.2.840.10008.1.2.5", "image/dicom-rle"),
            Map.entry("1.2.840.10008.1.2.4.100", "video/mpeg"),
            Map.entry("1.2.840.10008.1.2.4.101", "video/mpeg"),
            Map.entry("1.2.840.10008.1.2.4.102", "video/mp4"),
            Map.entry("1.2.840.10008.1.2.4.103", "video/mp4"),
            Map.entry("1.2.840.10008.1.2.4.104", "video/mp4"),
            Map.entry("1.2.840.10008.1.2.4.105", "video/mp4"),
            Map.entry("1.2.840.10008.1.2.4.106", "video/mp4"));

    private TransferSyntaxes() {
    }

    static boolean isNative(String ts) {
        return NATIVE.contains(ts);
    }

    static Optional<String> frameMediaType(String ts) {
        return Optional.ofNullable(FRAME_MEDIA_TYPES.get(ts));
    }
}
