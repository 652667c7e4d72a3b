package io.custos.server.export;

import com.pixelmed.dicom.AttributeList;
import io.custos.archive.export.model.ExportRequest;
import io.custos.deidentify.release.ExclusionReason;
import io.custos.deidentify.release.PixelPath;
import io.custos.deidentify.release.PixelReport;
import io.custos.deidentify.release.PixelResult;
import io.custos.server.config.CustosProperties;
import io.custos.server.export.job.ExportJobs;
import io.custos.server.export.store.ExportStore;
import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

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
     * The pixel step of every export (burned-in text: location rules, OCR, redaction, verification). Until the
     * pixel path of the deidentify module ({@code io.custos.deidentify.pixel}) is wired here, this one is
     * conservative: instances without pixel data pass, every image is left out as PIXELS_NOT_DECODABLE (its
     * pixels could not be checked, so it does not leave). Replace the body of this method with the real
     * implementation; the job uses only the {@link PixelPath} interface.
     */
    @Bean
    @ConditionalOnMissingBean(PixelPath.class)
    PixelPath pixelPath() {
        return (AttributeList source, io.custos.deidentify.header.DeidentifiedInstance deidentified) ->
                deidentified.dataset().getPixelData() == null
                        ? new PixelResult.Passed(deidentified, PixelReport.of(PixelReport.Treatment.NO_PIXELS))
                        : new PixelResult.Refused(ExclusionReason.PIXELS_NOT_DECODABLE,
                                PixelReport.of(PixelReport.Treatment.NOT_RELEASED));
    }
}
