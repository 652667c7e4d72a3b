package io.custos.query.wado;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Query parameters of rendered resources (PS3.18 8.3.5.1.3) and the base URI for BulkDataURIs. */
final class RenderParameters {

    private static final int MAX_VIEWPORT = 8192;

    private RenderParameters() {
    }

    /** window=center,width[,function]: only the linear function (PS3.3 C.11.2.1.2) is supported. */
    static RenderedImages.Window window(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String[] parts = value.split(",");
        if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].strip().equalsIgnoreCase("linear"))) {
            throw WadoException.badRequest("window must be center,width[,linear]");
        }
        try {
            double center = Double.parseDouble(parts[0].strip());
            double width = Double.parseDouble(parts[1].strip());
            if (!(width >= 1) || !Double.isFinite(center)) {
                throw WadoException.badRequest("window width must be at least 1");
            }
            return new RenderedImages.Window(center, width);
        } catch (NumberFormatException e) {
            throw WadoException.badRequest("window must be center,width[,linear]");
        }
    }

    /** viewport=vw,vh (PS3.18 8.3.5.1.3): the result fits within it, keeping its aspect ratio. */
    static int viewport(String value, int defaultSize) {
        if (value == null || value.isBlank()) {
            return defaultSize;
        }
        String[] parts = value.split(",");
        try {
            int largest = 0;
            for (String p : parts) {
                largest = Math.max(largest, Integer.parseInt(p.strip()));
            }
            if (parts.length > 2 || largest < 1 || largest > MAX_VIEWPORT) {
                throw WadoException.badRequest("viewport must be width,height within 1.." + MAX_VIEWPORT);
            }
            return largest;
        } catch (NumberFormatException e) {
            throw WadoException.badRequest("viewport must be width,height within 1.." + MAX_VIEWPORT);
        }
    }

    /** scheme://host:port/context/dicom-web as the client addressed this server. */
    static String dicomWebBase(HttpServletRequest request) {
        return ServletUriComponentsBuilder.fromContextPath(request).path("/dicom-web").build().toUriString();
    }
}
