package io.custos.deidentify.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * Closing while another thread is inside a native read waits for it: freeing the handle under the read killed
     * the JVM (SIGSEGV in ImageThresholder::SetImage) when an archive stopped in the middle of an export. Without
     * the wait this test does not fail politely: its JVM dies.
     */
    @Test
    void closingWaitsForReadsInProgress() throws Exception {
        TesseractOcr ocr = TesseractOcr.of(TesseractOcr.findTessdata(), "eng");
        int width = 1024;
        int height = 1024;
        byte[] noise = new byte[width * height];
        new java.util.Random(7).nextBytes(noise);
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> readers = new java.util.ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread reader = new Thread(() -> {
                reading.countDown();
                try {
                    for (int i = 0; i < 20; i++) {
                        ocr.read(noise, width, height);
                    }
                } catch (IllegalStateException closed) {
                    refused.incrementAndGet();
                } catch (Throwable other) {
                    failure.set(other);
                }
            });
            reader.start();
            readers.add(reader);
        }
        reading.await();
        Thread.sleep(100);
        ocr.close();
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(refused.get()).as("readers turned away once the engine was closed").isEqualTo(2);
        assertThatThrownBy(() -> ocr.read(noise, width, height)).isInstanceOf(IllegalStateException.class);
    }
}
