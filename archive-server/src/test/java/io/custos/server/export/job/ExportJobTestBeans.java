package io.custos.server.export.job;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.custos.deidentify.header.DeidentifiedInstance;
import io.custos.deidentify.release.PixelPath;
import io.custos.deidentify.release.PixelResult;
import java.util.concurrent.CountDownLatch;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

/**
 * Extra beans for {@link ExportJobIT}, given to the archive with {@code --spring.main.sources} (deliberately not a
 * {@code @Configuration}: component scanning must not bring it into the other tests' archives).
 *
 * <p>The only test-only behaviour: the archive's own pixel step (the {@code BurnedInTextScrubber} with Tesseract
 * that {@code ExportConfiguration} creates) is wrapped in {@link RestartHold}, which can hold the job at the first
 * image of one study so that the test can stop the archive in the middle of an export.
 */
public class ExportJobTestBeans {

    @Bean
    static BeanPostProcessor restartHold() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof PixelPath real && !(bean instanceof RestartHold) ? new RestartHold(real) : bean;
            }
        };
    }

    /** Delegates every decision to the real pixel step; waits first when the image belongs to the held study. */
    static final class RestartHold implements PixelPath {

        /** Set by a test: the job waits at the first image of {@code heldStudy} until {@code release} opens. */
        static volatile String heldStudy;
        static volatile CountDownLatch release = new CountDownLatch(0);
        static volatile CountDownLatch reached = new CountDownLatch(1);
        /** The pixel step the archive would use without this test (to check the wrapping happened). */
        static volatile PixelPath wrapped;

        private final PixelPath real;

        RestartHold(PixelPath real) {
            this.real = real;
            wrapped = real;
        }

        @Override
        public PixelResult check(AttributeList source, DeidentifiedInstance deidentified) {
            String study = Attribute.getSingleStringValueOrEmptyString(source, TagFromName.StudyInstanceUID);
            if (study.equals(heldStudy)) {
                reached.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.check(source, deidentified);
        }
    }
}
