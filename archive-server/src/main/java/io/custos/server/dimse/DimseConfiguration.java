package io.custos.server.dimse;

import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.TenantId;
import io.custos.archive.ingest.api.InstanceIngest;
import io.custos.archive.ingest.dimse.AePolicy;
import io.custos.archive.ingest.dimse.DicomServer;
import io.custos.archive.ingest.dimse.DicomServerConfig;
import io.custos.archive.ingest.dimse.DimseAuditListener;
import io.custos.server.config.CustosProperties;
import io.custos.server.ingest.IngestProperties;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The DICOM network edge (C-ECHO, C-STORE SCP), started and stopped with the application. */
@Configuration(proxyBeanMethods = false)
class DimseConfiguration {

    @Bean
    AePolicy aePolicy(CustosProperties properties) {
        Map<String, AePolicy.CalledAe> called = new LinkedHashMap<>();
        for (CustosProperties.CalledAe ae : properties.dimse().calledAes()) {
            if (ae.aeTitle() == null || ae.aeTitle().isBlank() || ae.aeTitle().strip().length() > 16) {
                throw new IllegalStateException("custos.dimse.called-aes: every AE title must be 1-16 characters");
            }
            // Residency: every endpoint of a node belongs to the node's region, whose blobs, keys and keyspace it
            // uses. An AE of another region belongs on a node of that region.
            String region = ae.region() == null || ae.region().isBlank() ? properties.region() : ae.region();
            if (!region.equals(properties.region())) {
                throw new IllegalStateException("custos.dimse.called-aes: AE title " + ae.aeTitle().strip()
                        + " is mapped to region '" + region + "' but this node serves region '" + properties.region()
                        + "'; run a node for that region instead");
            }
            called.put(ae.aeTitle().strip(), new AePolicy.CalledAe(new TenantId(ae.tenant()),
                    new RegionId(region), Set.copyOf(ae.allowedCallingAes())));
        }
        return AePolicy.of(called);
    }

    @Bean
    DimseAuditListener dimseAuditListener(EventGateway events) {
        return new DimseAuditEvents(events);
    }

    @Bean(destroyMethod = "close")
    DicomServer dicomServer(CustosProperties properties, IngestProperties ingest, AePolicy policy,
                            InstanceIngest instanceIngest, DimseAuditListener audit) throws UnknownHostException {
        CustosProperties.Dimse dimse = properties.dimse();
        DicomServerConfig config = new DicomServerConfig(InetAddress.getByName(dimse.bindAddress()), dimse.port(),
                dimse.maxAssociations(), DicomServerConfig.DEFAULT_MAX_PDU, ingest.maxObjectSize().toBytes(), policy,
                DicomServerConfig.DEFAULT_IDLE_TIMEOUT);
        return new DicomServer(config, instanceIngest, audit);
    }

    /**
     * The listener opens only once the whole application is ready: a C-STORE accepted earlier would reach
     * ingest before Axon has registered the Study's command handler and be refused as a processing failure.
     */
    @Bean
    org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent>
            dicomListenerStarter(DicomServer server) {
        return ready -> {
            try {
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("The DICOM listener could not start", e);
            }
        };
    }
}
