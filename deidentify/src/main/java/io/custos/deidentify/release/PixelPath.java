package io.custos.deidentify.release;

import com.pixelmed.dicom.AttributeList;
import io.custos.deidentify.header.DeidentifiedInstance;

/**
 * The pixel step of a release: finds burned-in text in the de-identified instance's pixels (location rules
 * for known device layouts, OCR for the rest), redacts what identifies, and verifies the result. Nothing that
 * could not be checked passes (issue 6: "never export what could not be checked"). Implementations are
 * thread-safe: one serves every worker of an export.
 */
public interface PixelPath {

    /**
     * @param source       the instance as stored (its identifying header values are what OCR text is matched
     *                     against); not modified
     * @param deidentified the header-de-identified instance; its pixel data may be replaced in the result
     */
    PixelResult check(AttributeList source, DeidentifiedInstance deidentified);
}
