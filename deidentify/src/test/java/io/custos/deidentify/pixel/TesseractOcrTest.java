package io.custos.deidentify.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding tessdata and failing fast without it. */
class TesseractOcrTest {

    @Test
    void debiansTessdataIsFound() {
        assertThat(Files.isRegularFile(TesseractOcr.findTessdata().resolve("eng.traineddata"))).isTrue();
    }

    @Test
    void theSystemPropertyNamesTheTessdataDirectory(@TempDir Path elsewhere) {
        String before = System.getProperty(TesseractOcr.TESSDATA_PROPERTY);
        System.setProperty(TesseractOcr.TESSDATA_PROPERTY, elsewhere.toString());
        try {
            assertThat(TesseractOcr.findTessdata()).isEqualTo(elsewhere);
            assertThatThrownBy(TesseractOcr::fromSystem).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("eng.traineddata").hasMessageContaining("tesseract-ocr-eng");
        } finally {
            if (before == null) {
                System.clearProperty(TesseractOcr.TESSDATA_PROPERTY);
            } else {
                System.setProperty(TesseractOcr.TESSDATA_PROPERTY, before);
            }
        }
    }

    @Test
    void aClosedEngineRefusesToRead() {
        TesseractOcr ocr = TesseractOcr.of(TesseractOcr.findTessdata(), "eng");
        ocr.close();
        assertThatThrownBy(() -> ocr.read(new byte[16], 4, 4)).isInstanceOf(IllegalStateException.class);
    }
}
