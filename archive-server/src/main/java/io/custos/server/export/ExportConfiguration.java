package io.custos.server.export;

import io.custos.archive.export.model.ExportRequest;
import io.custos.deidentify.pixel.BurnedInTextScrubber;
import io.custos.deidentify.pixel.LocationRules;
import io.custos.deidentify.pixel.TesseractOcr;
import io.custos.deidentify.release.PixelPath;
import io.custos.server.config.CustosProperties;
import io.custos.server.export.job.ExportJobs;
import io.custos.server.export.store.ExportStore;
import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * The export request aggregate, the requests' status table and its projection, the export store, and the pixel
 * step of the export job (the job itself: {@code job.ExportJobConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class ExportConfiguration {

    @Bean
    ConfigurerModule exportRequestAggregate() {
        return configurer -> configurer.configureAggregate(ExportRequest.class);
    }

    @Bean
    ExportStatusStore exportStatusStore(DataSource dataSource) {
        ExportStatusStore store = new ExportStatusStore(new JdbcTemplate(dataSource));
        store.createSchemaIfAbsent();
        return store;
    }

    @Bean
    ExportStatusProjection exportStatusProjection(ExportStatusStore store) {
        return new ExportStatusProjection(store);
    }

    /** {@code custos.exports.store-dir}, by default {@code <custos.data-dir>/exports}. */
    @Bean
    ExportStore exportStore(CustosProperties properties, @Value("${custos.exports.store-dir:}") String storeDir) {
        return new ExportStore(storeDir.isBlank() ? properties.dataDir().resolve("exports") : Path.of(storeDir));
    }

    @Bean
    ExportJobs.UnfinishedExports unfinishedExports(ExportStatusStore store) {
        return store::unfinished;
    }

    /**
     * Tesseract for the pixel step: {@code custos.exports.pixel.tessdata} (else {@code -Dcustos.tessdata},
     * {@code TESSDATA_PREFIX}, Debian's path). Created at start so a missing OCR installation stops the archive
     * instead of the first export: an image whose pixels cannot be read is never exported.
     */
    @Bean(destroyMethod = "close")
    TesseractOcr exportOcr(@Value("${custos.exports.pixel.tessdata:}") String tessdata) {
        return tessdata.isBlank() ? TesseractOcr.fromSystem() : TesseractOcr.of(Path.of(tessdata), "eng");
    }

    /**
     * The pixel step of every export (PS3.15 E.3.1 Clean Pixel Data): the built-in device layouts plus the
     * site's own ({@code custos.exports.pixel.location-rules}, a TSV file; see deidentify/README.md), OCR of
     * every frame, redaction, a verification pass.
     */
    @Bean
    PixelPath pixelPath(TesseractOcr ocr, @Value("${custos.exports.pixel.location-rules:}") String siteRules)
            throws IOException {
        LocationRules rules = siteRules.isBlank() ? LocationRules.builtIn()
                : LocationRules.builtInWithFile(Path.of(siteRules));
        return new BurnedInTextScrubber(ocr, rules);
    }
}
