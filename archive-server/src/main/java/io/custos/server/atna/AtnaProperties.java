package io.custos.server.atna;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custos.atna.*}: export of DICOM audit messages to an audit record repository (docs/atna.md). Off by
 * default. Passwords come from the environment like every property
 * ({@code CUSTOS_ATNA_TLS_TRUST_STORE_PASSWORD}, {@code CUSTOS_ATNA_TLS_KEY_STORE_PASSWORD}).
 *
 * @param hostname this node's name in the messages and the syslog header; blank: the machine's host name
 * @param udpMaxOctets the largest datagram sent over UDP (RFC 5426 3.2: 2048 unless the receiver is known to
 *                     take more)
 */
@ConfigurationProperties(prefix = "custos.atna")
public record AtnaProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("6514") int port,
        @DefaultValue("tls") Transport transport,
        @DefaultValue("custos") String appName,
        String enterpriseSiteId,
        String hostname,
        @DefaultValue("2048") int udpMaxOctets,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue Tls tls) {

    public enum Transport { TLS, UDP }

    /**
     * Trust store (the repository's CA; blank: the JDK's default trust) and, for mutual TLS, the key store of
     * this node's client certificate. PKCS12 unless the type says otherwise.
     */
    public record Tls(Path trustStore, String trustStorePassword, @DefaultValue("PKCS12") String trustStoreType,
                      Path keyStore, String keyStorePassword, @DefaultValue("PKCS12") String keyStoreType) {
    }
}
