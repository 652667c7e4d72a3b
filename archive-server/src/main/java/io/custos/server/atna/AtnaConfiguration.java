package io.custos.server.atna;

import io.custos.archive.study.api.AttributeOpener;
import io.custos.keys.DataKeyNotFoundException;
import io.custos.server.audit.PatientRefs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.Optional;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * ATNA audit export ({@code custos.atna.enabled=true}): the {@value AtnaEventHandler#PROCESSING_GROUP}
 * tracking processor, the message mapping and the syslog transport (TLS, RFC 5425, or UDP, RFC 5426).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AtnaProperties.class)
@ConditionalOnProperty(prefix = "custos.atna", name = "enabled", havingValue = "true")
class AtnaConfiguration {

    @Bean
    AtnaNode atnaNode(AtnaProperties properties) {
        String hostname = properties.hostname();
        if (hostname == null || hostname.isBlank()) {
            try {
                hostname = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                hostname = "localhost";
            }
        }
        return new AtnaNode(properties.appName(), hostname, properties.enterpriseSiteId());
    }

    @Bean(destroyMethod = "close")
    SyslogTransport atnaTransport(AtnaProperties properties) throws IOException, GeneralSecurityException {
        return switch (properties.transport()) {
            case TLS -> new TlsSyslogTransport(properties.host(), properties.port(),
                    AtnaTlsContext.of(properties.tls()), (int) properties.connectTimeout().toMillis());
            case UDP -> new UdpSyslogTransport(new InetSocketAddress(properties.host(), properties.port()),
                    properties.udpMaxOctets());
        };
    }

    /** A study shredded before its messages were sent has no key any more: its patient cannot be named. */
    @Bean
    StoredInstancePatients storedInstancePatients(PatientRefs patients, AttributeOpener opener) {
        return event -> {
            try {
                return patients.ofAttributes(event.tenant(), opener.open(event.studyId(), event.attributes()));
            } catch (DataKeyNotFoundException e) {
                return Optional.empty();
            }
        };
    }

    @Bean
    AtnaEventHandler atnaEventHandler(AtnaNode node, SyslogTransport transport, StoredInstancePatients patients) {
        return new AtnaEventHandler(new AuditMessageMapper(node), new AuditMessageXml(),
                new SyslogMessageFormat(node.hostname(), node.appName(), Long.toString(ProcessHandle.current().pid())),
                transport, patients);
    }

    /** Tracking (own token, own thread); a failed send is retried with back-off instead of being skipped. */
    @Bean
    ConfigurerModule atnaExportProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(AtnaEventHandler.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(AtnaEventHandler.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance()));
    }
}
