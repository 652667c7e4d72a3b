package io.custos.deidentify.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import io.custos.deidentify.pixel.PixelCorpus.Drawn;
import io.custos.deidentify.pixel.PixelCorpus.Kind;
import io.custos.deidentify.release.ExclusionReason;
import io.custos.deidentify.release.InstanceRelease;
import io.custos.deidentify.release.PixelReport.Treatment;
import io.custos.deidentify.release.ReleaseDecision;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Header step then pixel step, as an export runs them: what is written carries no PHI, in header or pixels. */
class InstanceReleaseWithPixelsTest {

    private static final InstanceRelease RELEASE = new InstanceRelease(Ocr.HEADER,
            new BurnedInTextScrubber(Ocr.ENGINE, LocationRules.builtIn()));

    @Test
    void aReleasedInstanceCarriesNoPhiInItsBytesNorInItsPixels() throws Exception {
        Drawn drawn = PixelCorpus.draw(256, 256, PixelCorpus.banner(256));
        AttributeList source = PixelCorpus.instance(Kind.MONO16_WINDOWED, 256, drawn);
        ReleaseDecision decision = RELEASE.decide(source);
        assertThat(decision).isInstanceOf(ReleaseDecision.Released.class);
        ReleaseDecision.Released released = (ReleaseDecision.Released) decision;
        assertThat(released.pixels().treatment()).isEqualTo(Treatment.REDACTED_REENCODED);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        released.instance().writePart10(out);
        byte[] part10 = out.toByteArray();
        String text = new String(part10, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        List<String> header = List.of(PixelCorpus.NAME, "DOE", "JOHN", PixelCorpus.PATIENT_ID, PixelCorpus.BIRTH_DATE,
                PixelCorpus.ACCESSION, PixelCorpus.INSTITUTION, "Elsewhere");
        for (int i = 0; i < header.size(); i++) {
            assertThat(text.contains(header.get(i).toLowerCase(Locale.ROOT))).as("PHI #%d in the bytes", i).isFalse();
        }
        AttributeList read = new AttributeList();
        read.setDecompressPixelData(false);
        read.read(new DicomInputStream(new ByteArrayInputStream(part10)));
        assertThat(com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(read, TagFromName.TransferSyntaxUID))
                .isEqualTo(TransferSyntax.ExplicitVRLittleEndian);
        read.remove(TagFromName.TransferSyntaxUID);
        assertThat(Ocr.phiFound(Ocr.words(read, TransferSyntax.ExplicitVRLittleEndian), PixelCorpus.PHI)).isEmpty();
    }

    @Test
    void anUndecodableInstanceIsExcludedWithItsReason() throws Exception {
        AttributeList source = BurnedInTextScrubberTest.read("SC_rgb_rle_16bit.dcm");
        ReleaseDecision decision = RELEASE.decide(source);
        assertThat(decision).isInstanceOf(ReleaseDecision.Excluded.class);
        assertThat(((ReleaseDecision.Excluded) decision).reason()).isEqualTo(ExclusionReason.PIXELS_NOT_DECODABLE);
        assertThat(decision.header()).isNotNull();
    }

    @Test
    void twoWorkersShareOneScrubberAndGetTheSameRegions() throws Exception {
        Drawn drawn = PixelCorpus.draw(256, 256, PixelCorpus.banner(256));
        AttributeList source = PixelCorpus.instance(Kind.MONO8, 256, drawn);
        ReleaseDecision serial = RELEASE.decide(source);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ReleaseDecision>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> RELEASE.decide(source)));
            }
            for (Future<ReleaseDecision> future : futures) {
                assertThat(future.get().pixels()).isEqualTo(serial.pixels());
            }
        } finally {
            pool.shutdown();
        }
    }
}
