package io.custos.deidentify.release;

import com.pixelmed.dicom.AttributeList;
import io.custos.deidentify.header.DeidentificationException;
import io.custos.deidentify.header.DeidentifiedInstance;
import io.custos.deidentify.header.Deidentifier;
import java.util.Objects;

/**
 * The one entry point of an export per source instance: header de-identification (PS3.15 Annex E), then the
 * pixel step; the instance is released only if both pass. Thread-safe when its parts are (they are).
 */
public final class InstanceRelease {

    private final Deidentifier header;
    private final PixelPath pixels;

    public InstanceRelease(Deidentifier header, PixelPath pixels) {
        this.header = Objects.requireNonNull(header, "header");
        this.pixels = Objects.requireNonNull(pixels, "pixels");
    }

    /** Decides for {@code source} (read with pixel data left in its transfer syntax); source is unchanged. */
    public ReleaseDecision decide(AttributeList source) {
        DeidentifiedInstance deidentified;
        try {
            deidentified = header.deidentify(source);
        } catch (DeidentificationException e) {
            return new ReleaseDecision.Excluded(ExclusionReason.HEADER_NOT_DEIDENTIFIABLE, null,
                    PixelReport.of(PixelReport.Treatment.NOT_RELEASED));
        }
        PixelResult result = pixels.check(source, deidentified);
        if (result instanceof PixelResult.Passed passed) {
            return new ReleaseDecision.Released(passed.instance(), passed.report());
        }
        PixelResult.Refused refused = (PixelResult.Refused) result;
        return new ReleaseDecision.Excluded(refused.reason(), deidentified.report(), refused.report());
    }

    public Deidentifier header() {
        return header;
    }
}
