package io.custos.query.wado;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.display.ConsumerFormatImageMaker;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.study.api.InstanceStoredEvent;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;

/**
 * Rendered and thumbnail resources (PS3.18 8.3.5.1, 10.4.1.1.3): one frame decoded by PixelMed, windowed to
 * 8 bits (the object's own VOI window, or the {@code window} parameter, PS3.18 8.3.5.1.3), optionally scaled
 * to fit a viewport, encoded as JPEG or PNG. Transfer syntaxes PixelMed cannot decode here (JPEG-LS, JPEG
 * 2000 without a codec on the class path, video) are refused with 406 naming the syntax.
 */
final class RenderedImages {

    private static final Logger log = LoggerFactory.getLogger(RenderedImages.class);

    /** Decoding is attempted for every other syntax; these are known not to decode with PixelMed here. */
    private static final Set<String> UNDECODABLE = Set.of(
            "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
            "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.93",
            "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.101", "1.2.840.10008.1.2.4.102",
            "1.2.840.10008.1.2.4.103", "1.2.840.10008.1.2.4.104", "1.2.840.10008.1.2.4.105",
            "1.2.840.10008.1.2.4.106");

    /** PS3.18 8.3.5.1.3 window=center,width,function. */
    record Window(double center, double width) {
    }

    private final StoredInstances stored;

    RenderedImages(StoredInstances stored) {
        this.stored = stored;
    }

    /**
     * @param frame    1-based frame number
     * @param viewport largest width/height of the result, or 0 to keep the original size
     */
    byte[] render(InstanceStoredEvent instance, int frame, Window window, int viewport, MediaType type)
            throws IOException {
        String ts = instance.transferSyntax().value();
        if (UNDECODABLE.contains(ts)) {
            throw undecodable(ts);
        }
        AttributeList list = read(instance);
        if (list.get(TagFromName.PixelData) == null) {
            throw WadoException.notAcceptable("the instance has no pixel data to render");
        }
        BufferedImage image;
        try {
            if (window != null) {
                ConsumerFormatImageMaker.replaceWindowWidthAndCenterInAttributeList(list,
                        decimal(TagFromName.WindowCenter, window.center()),
                        decimal(TagFromName.WindowWidth, window.width()));
            }
            image = ConsumerFormatImageMaker.makeEightBitImage(list, frame - 1);
        } catch (DicomException | RuntimeException e) {
            // The exception class only: PixelMed messages may quote attribute values.
            log.warn("PixelMed could not render a frame of transfer syntax {}: {}", ts, e.getClass().getSimpleName());
            throw undecodable(ts);
        }
        if (image == null) {
            throw undecodable(ts);
        }
        return encode(scale(image, viewport), type);
    }

    private AttributeList read(InstanceStoredEvent instance) throws IOException {
        try (InputStream in = new BufferedInputStream(stored.openStream(instance), 256 * 1024)) {
            AttributeList list = new AttributeList();
            list.read(new DicomInputStream(in));
            return list;
        } catch (DicomException | RuntimeException e) {
            log.warn("PixelMed could not decode an instance of transfer syntax {}: {}",
                    instance.transferSyntax().value(), e.getClass().getSimpleName());
            throw undecodable(instance.transferSyntax().value());
        }
    }

    private static DecimalStringAttribute decimal(com.pixelmed.dicom.AttributeTag tag, double value)
            throws DicomException {
        DecimalStringAttribute a = new DecimalStringAttribute(tag);
        a.addValue(value);
        return a;
    }

    private static BufferedImage scale(BufferedImage image, int viewport) {
        int largest = Math.max(image.getWidth(), image.getHeight());
        if (viewport <= 0 || largest <= viewport) {
            return image;
        }
        double f = (double) viewport / largest;
        int w = Math.max(1, (int) Math.round(image.getWidth() * f));
        int h = Math.max(1, (int) Math.round(image.getHeight() * f));
        BufferedImage scaled = new BufferedImage(w, h, image.getType() == BufferedImage.TYPE_BYTE_GRAY
                ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return scaled;
    }

    private static byte[] encode(BufferedImage image, MediaType type) throws IOException {
        BufferedImage opaque = image;
        if (image.getColorModel().hasAlpha() || (image.getType() != BufferedImage.TYPE_BYTE_GRAY
                && image.getType() != BufferedImage.TYPE_INT_RGB && image.getType() != BufferedImage.TYPE_3BYTE_BGR)) {
            // The JDK's JPEG writer refuses alpha and some custom layouts: draw onto plain RGB first.
            opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = opaque.createGraphics();
            g.drawImage(image, 0, 0, null);
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(opaque, MediaType.IMAGE_PNG.equalsTypeAndSubtype(type) ? "png" : "jpeg", out)) {
            throw new IOException("no image writer");
        }
        return out.toByteArray();
    }

    private static WadoException undecodable(String ts) {
        return WadoException.notAcceptable("frames of transfer syntax " + ts + " cannot be rendered by this archive; "
                + "retrieve the frames or the instance instead");
    }
}
