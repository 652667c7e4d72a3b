package io.custos.server.export.job;

import io.custos.deidentify.release.PixelPath;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Extra beans for {@link ExportJobIT}, given to the archive with {@code --spring.main.sources} (deliberately not a
 * {@code @Configuration}: component scanning must not bring it into the other tests' archives).
 */
public class ExportJobTestBeans {

    @Bean
    @Primary
    PixelPath corpusPixelPath() {
        return new CorpusPixelPath();
    }
}
