package io.custos.server.retrieve;

import io.custos.archive.retrieve.PixelDataIndexes;
import io.custos.archive.retrieve.StoredInstances;
import io.custos.archive.retrieve.StudyCatalog;
import io.custos.query.qido.TenantResolver;
import io.custos.query.wado.ReadRecorder;
import io.custos.query.wado.Reader;
import io.custos.query.wado.ReaderResolver;
import io.custos.query.wado.WadoController;
import io.custos.query.wado.WadoRead;
import io.custos.query.wado.WadoSettings;
import io.custos.server.security.CurrentPrincipal;
import io.custos.server.security.CustosPrincipal;
import io.custos.server.security.Role;
import java.time.Clock;
import java.util.List;
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
 * <p>Every {@link ReadRecorder} bean receives every WADO-RS read (the server's access trail defines one,
 * {@code AuditingReadRecorder}); without any, {@link LoggingReadRecorder} logs counts and outcomes only.
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
        return new WadoController(settings, readers, allOf(recorders.orderedStream().toList()),
                Clock.systemUTC());
    }

    /** Every recorder bean gets every read (the access trail, plus e.g. a test's); none: counts are logged. */
    private static ReadRecorder allOf(List<ReadRecorder> recorders) {
        if (recorders.isEmpty()) {
            return new LoggingReadRecorder();
        }
        if (recorders.size() == 1) {
            return recorders.get(0);
        }
        return new ReadRecorder() {
            @Override
            public Disclosure disclosing(WadoRead planned) {
                List<Disclosure> all = recorders.stream().map(r -> r.disclosing(planned)).toList();
                return actual -> all.forEach(d -> d.ended(actual));
            }

            @Override
            public void endedWithoutData(WadoRead ended) {
                recorders.forEach(r -> r.endedWithoutData(ended));
            }
        };
    }
}
