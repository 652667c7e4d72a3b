package io.custos.server.export.job;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.custos.deidentify.header.DeidentifiedInstance;
import io.custos.deidentify.release.ExclusionReason;
import io.custos.deidentify.release.PixelPath;
import io.custos.deidentify.release.PixelReport;
import io.custos.deidentify.release.PixelResult;
import java.util.concurrent.CountDownLatch;

/**
 * The pixel step of the export tests until the real one (OCR) is wired: instances without pixel data pass;
 * images that declare burned-in annotation are left out as PIXELS_NOT_DECODABLE (the exclusion path); the other
 * images pass unchanged, which is honest only for {@link ExportCorpus}, whose pixels are a generated text-free
 * pattern. It can also hold the job at the first image of one study, for the restart test.
 */
final class CorpusPixelPath implements PixelPath {

    /** Set by a test: the job waits at the first image of {@code heldStudy} until {@code release} opens. */
    static volatile String heldStudy;
    static volatile CountDownLatch release = new CountDownLatch(0);
    static volatile CountDownLatch reached = new CountDownLatch(1);

    @Override
    public PixelResult check(AttributeList source, DeidentifiedInstance deidentified) {
        if (deidentified.dataset().getPixelData() == null) {
            return new PixelResult.Passed(deidentified, PixelReport.of(PixelReport.Treatment.NO_PIXELS));
        }
        if ("YES".equals(Attribute.getSingleStringValueOrEmptyString(source, TagFromName.BurnedInAnnotation).strip())) {
            return new PixelResult.Refused(ExclusionReason.PIXELS_NOT_DECODABLE,
                    PixelReport.of(PixelReport.Treatment.NOT_RELEASED));
        }
        String study = Attribute.getSingleStringValueOrEmptyString(source, TagFromName.StudyInstanceUID);
        if (study.equals(heldStudy)) {
            reached.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new PixelResult.Passed(deidentified, PixelReport.of(PixelReport.Treatment.CHECKED_UNCHANGED));
    }
}
