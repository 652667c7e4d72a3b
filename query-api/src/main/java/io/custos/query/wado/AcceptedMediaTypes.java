package io.custos.query.wado;

import static io.custos.query.wado.TransferSyntaxes.EXPLICIT_LE;

import io.custos.archive.retrieve.PixelDataIndex;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The Accept header of a WADO-RS request and the choices PS3.18 8.7 lets it make. Entries are tried in the
 * order the client sent them (entries with q=0 are refusals and skipped); the first one the archive can
 * satisfy wins; when none can, the request is answered 406 with a problem naming what is available.
 */
final class AcceptedMediaTypes {

    static final String DICOM = "application/dicom";
    static final String OCTET_STREAM = "application/octet-stream";
    static final MediaType DICOM_JSON = MediaType.parseMediaType("application/dicom+json");
    private static final String MULTIPART_RELATED = "multipart/related";
    private static final Pattern UNQUOTED_TYPE = Pattern.compile("(?i)\\b(type)=([^\";,\\s]+/[^\";,\\s]+)");

    /** How an instance is sent: its original bytes, or transcoded to Explicit VR Little Endian. */
    enum InstanceEncoding { ORIGINAL, EXPLICIT_LE }

    /** How frames are sent: the part's Content-Type and whether native big-endian words are swapped. */
    record FrameEncoding(String contentType, boolean swapToLittleEndian) {
    }

    private final List<MediaType> accepted;

    private AcceptedMediaTypes(List<MediaType> accepted) {
        this.accepted = accepted;
    }

    static AcceptedMediaTypes parse(String accept) {
        if (accept == null || accept.isBlank()) {
            return new AcceptedMediaTypes(List.of(MediaType.ALL));
        }
        try {
            // Many DICOMweb clients send type=application/dicom unquoted; RFC 9110 wants the "/" quoted.
            String quoted = UNQUOTED_TYPE.matcher(accept).replaceAll("$1=\"$2\"");
            return new AcceptedMediaTypes(MediaType.parseMediaTypes(quoted).stream()
                    .filter(m -> m.getQualityValue() > 0).toList());
        } catch (InvalidMediaTypeException e) {
            throw WadoException.badRequest("the Accept header is malformed");
        }
    }

    /**
     * PS3.18 8.7.3.5.2 (multipart/related; type="application/dicom"). transfer-syntax=* or the stored syntax:
     * the original bytes. 1.2.840.10008.1.2.1: uncompressed data transcoded to Explicit VR Little Endian.
     * Without the parameter the standard's default, Explicit VR Little Endian, is produced for uncompressed
     * data; compressed data is sent as stored (the archive does not decompress for retrieval).
     */
    InstanceEncoding forInstance(String storedTs) {
        for (MediaType m : accepted) {
            if (!isMultipartOf(m, DICOM)) {
                continue;
            }
            String ts = transferSyntax(m);
            if (ts == null) {
                return TransferSyntaxes.isNative(storedTs) && !EXPLICIT_LE.equals(storedTs)
                        ? InstanceEncoding.EXPLICIT_LE : InstanceEncoding.ORIGINAL;
            }
            if (ts.equals("*") || ts.equals(storedTs)) {
                return InstanceEncoding.ORIGINAL;
            }
            if (ts.equals(EXPLICIT_LE) && TransferSyntaxes.isNative(storedTs)) {
                return InstanceEncoding.EXPLICIT_LE;
            }
        }
        throw WadoException.notAcceptable("no acceptable representation: instances are available as "
                + "multipart/related; type=\"application/dicom\" with transfer-syntax=" + storedTs
                + (TransferSyntaxes.isNative(storedTs) ? " or " + EXPLICIT_LE : "") + " (or *)");
    }

    /**
     * PS3.18 8.7.3.5.3 and Table 8.7.3-5: native frames as application/octet-stream in Explicit VR Little
     * Endian; encapsulated frames as the syntax's image media type, or as application/octet-stream only with
     * transfer-syntax=* or the stored syntax (they are never decompressed here).
     */
    FrameEncoding forFrames(PixelDataIndex index) {
        String storedTs = index.transferSyntax();
        Optional<String> compressedType = index.encapsulated() ? TransferSyntaxes.frameMediaType(storedTs)
                : Optional.empty();
        for (MediaType m : accepted) {
            String type = partType(m);
            if (type == null) {
                continue;
            }
            String ts = transferSyntax(m);
            boolean original = ts == null || ts.equals("*") || ts.equals(storedTs);
            if (!index.encapsulated()) {
                boolean wantsOctets = type.equals("*/*") || type.equals(OCTET_STREAM);
                if (wantsOctets && (original || ts.equals(EXPLICIT_LE))) {
                    return new FrameEncoding(OCTET_STREAM + "; transfer-syntax=" + EXPLICIT_LE, index.bigEndian());
                }
                continue;
            }
            if (compressedType.isPresent() && (type.equals("*/*") || type.equals(compressedType.get())) && original) {
                return new FrameEncoding(compressedType.get() + "; transfer-syntax=" + storedTs, false);
            }
            if (type.equals(OCTET_STREAM) && ts != null && (ts.equals("*") || ts.equals(storedTs))) {
                return new FrameEncoding(OCTET_STREAM + "; transfer-syntax=" + storedTs, false);
            }
        }
        String available = index.encapsulated()
                ? compressedType.map(t -> t + " or ").orElse("") + "application/octet-stream with transfer-syntax="
                        + storedTs
                : "application/octet-stream with transfer-syntax=" + EXPLICIT_LE;
        throw WadoException.notAcceptable("no acceptable representation: frames of transfer syntax " + storedTs
                + " are available as multipart/related; type=" + available);
    }

    /** PS3.18 8.7.4 (metadata): application/dicom+json, or application/json when that is all the client takes. */
    MediaType forMetadata() {
        for (MediaType m : accepted) {
            if (m.includes(DICOM_JSON)) {
                return DICOM_JSON;
            }
            if (m.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return MediaType.APPLICATION_JSON;
            }
        }
        throw WadoException.notAcceptable("metadata is available as application/dicom+json or application/json");
    }

    /** PS3.18 8.7.5 (rendered): image/jpeg (the default) or image/png. */
    MediaType forRendered() {
        for (MediaType m : accepted) {
            if (m.includes(MediaType.IMAGE_JPEG)) {
                return MediaType.IMAGE_JPEG;
            }
            if (m.includes(MediaType.IMAGE_PNG)) {
                return MediaType.IMAGE_PNG;
            }
        }
        throw WadoException.notAcceptable("rendered images are available as image/jpeg or image/png");
    }

    /** For multipart/related (or a wildcard): the type parameter, "*\/*" when absent; null otherwise. */
    private static String partType(MediaType m) {
        if (m.isWildcardType() || (m.getType().equals("multipart") && m.isWildcardSubtype())) {
            return "*/*";
        }
        if (!(m.getType() + "/" + m.getSubtype()).equalsIgnoreCase(MULTIPART_RELATED)) {
            return null;
        }
        String type = m.getParameter("type");
        return type == null ? "*/*" : unquote(type).toLowerCase(Locale.ROOT);
    }

    private static boolean isMultipartOf(MediaType m, String partType) {
        String type = partType(m);
        return type != null && (type.equals("*/*") || type.equals(partType));
    }

    private static String transferSyntax(MediaType m) {
        String ts = m.getParameter("transfer-syntax");
        return ts == null ? null : unquote(ts).strip();
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
