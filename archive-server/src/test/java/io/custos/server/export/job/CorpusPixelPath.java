package io.custos.server.export.job;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.custos.deidentify.header.DeidentifiedInstance;
import io.custos.deidentify.release.ExclusionReason;
import io.custos.deidentify.release.PixelPath;
import io.custos.deidentify.release.PixelReport;
import io.custos.deidentify.release.PixelResult;

/**
 * A stand-in pixel step for the unit tests of the job's bookkeeping ({@link ExportJobTest}, {@link
 * StudyExporterTest}; {@link ExportJobIT} runs the archive's real OCR scrubber): instances without pixel data pass;
 * images that declare burned-in annotation are left out as PIXELS_NOT_DECODABLE (the exclusion path); the other
 * images pass unchanged, which is honest only for {@link ExportCorpus}'s CT slices, a generated text-free pattern.
 */
final class CorpusPixelPath implements PixelPath {

    @Override
    public PixelResult check(AttributeList source, DeidentifiedInstance deidentified) {
        if (deidentified.dataset().getPixelData() == null) {
            return new PixelResult.Passed(deidentified, PixelReport.of(PixelReport.Treatment.NO_PIXELS));
        }
        if ("YES".equals(Attribute.getSingleStringValueOrEmptyString(source, TagFromName.BurnedInAnnotation).strip())) {
            return new PixelResult.Refused(ExclusionReason.PIXELS_NOT_DECODABLE,
                    PixelReport.of(PixelReport.Treatment.NOT_RELEASED));
        }
        return new PixelResult.Passed(deidentified, PixelReport.of(PixelReport.Treatment.CHECKED_UNCHANGED));
    }
}
