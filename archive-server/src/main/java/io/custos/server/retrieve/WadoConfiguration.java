package io.custos.server.retrieve;

import io.custos.archive.retrieve.PixelDataIndexes;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.retrieve.StudyCatalog;
import io.custos.query.qido.TenantResolver;
import io.custos.query.wado.ReadRecorder;
import io.custos.query.wado.Reader;
import io.custos.query.wado.ReaderResolver;
import io.custos.query.wado.WadoController;
import io.custos.query.wado.WadoSettings;
import io.custos.server.security.CurrentPrincipal;
import io.custos.server.security.CustosPrincipal;
import io.custos.server.security.Role;
import java.time.Clock;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Wires WADO-RS (PS3.18 10.4). Security needs nothing new: the baseline {@code dicomweb-read} rule already
 * covers GET/HEAD /dicom-web/** for clinician, service and tenant-admin, and the tenant comes from the same
 * {@link TenantResolver} as QIDO-RS.
 *
 * <p>The access trail plugs in here: define a {@link ReadRecorder} bean anywhere and it receives every
 * WADO-RS read; without one, {@link LoggingReadRecorder} logs counts and outcomes only.
 */
@Configuration(proxyBeanMethods = false)
class WadoConfiguration {

    @Bean
    StudyCatalog studyCatalog(StoredInstances stored,
                              @Value("${custos.wado.catalog-cache-studies:1000}") long maxStudies) {
        return new StudyCatalog(stored, maxStudies);
    }

    @Bean
    PixelDataIndexes pixelDataIndexes(StoredInstances stored,
                                      @Value("${custos.wado.frame-index-cache-instances:20000}") long maxEntries) {
        return new PixelDataIndexes(stored, maxEntries);
    }

    @Bean
    ReaderResolver wadoReaderResolver(CurrentPrincipal principal, TenantResolver tenants) {
        return () -> {
            CustosPrincipal p = principal.get();
            return new Reader(p.subject(), p.roles().stream().map(Role::claimValue).collect(Collectors.toSet()),
                    tenants.currentTenant());
        };
    }

    @Bean
    WadoController wadoController(StoredInstances stored, StudyCatalog catalog, PixelDataIndexes indexes,
                                  ReaderResolver readers, ObjectProvider<ReadRecorder> recorders,
                                  @Value("${custos.wado.metadata-cache-size:256MB}") DataSize metadataCache) {
        WadoSettings settings = new WadoSettings(stored, catalog, indexes, metadataCache.toBytes());
        return new WadoController(settings, readers, recorders.getIfAvailable(LoggingReadRecorder::new),
                Clock.systemUTC());
    }
}
