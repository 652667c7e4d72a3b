package io.custos.archive.ingest.dimse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the DICOM listener.
 *
 * @param bindAddress     interface to listen on; loopback by default, so exposing the port is a decision
 * @param port            TCP port (11112 is the IANA "dicom" port, PS3.8 Annex G; 0 picks a free one)
 * @param maxAssociations associations served at once; more are refused with A-ASSOCIATE-RJ local-limit-exceeded
 * @param maxPduLength    Maximum Length Received we announce (PS3.8 D.1); bounds each P-DATA-TF PDU
 * @param maxObjectBytes  largest data set accepted into memory per C-STORE (memory bound: times maxAssociations)
 * @param aePolicy        called AE to tenant/region mapping and calling AE allow-lists
 * @param idleTimeout     how long an association may sit silent (also bounds reading the A-ASSOCIATE-RQ)
 */
public record DicomServerConfig(InetAddress bindAddress, int port, int maxAssociations, int maxPduLength,
                                long maxObjectBytes, AePolicy aePolicy, Duration idleTimeout) {

    public static final int DEFAULT_PORT = 11112;
    public static final int DEFAULT_MAX_ASSOCIATIONS = 16;
    public static final int DEFAULT_MAX_PDU = 64 * 1024;
    public static final long DEFAULT_MAX_OBJECT_BYTES = 512L * 1024 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public DicomServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(aePolicy, "aePolicy");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        if (maxAssociations < 1) {
            throw new IllegalArgumentException("maxAssociations must be at least 1");
        }
        // PS3.8 9.3.1: a PDU must hold at least a PDV header; anything under 4 KiB is a misconfiguration.
        if (maxPduLength < 4096) {
            throw new IllegalArgumentException("maxPduLength must be at least 4096");
        }
        if (maxObjectBytes < 1 || maxObjectBytes > Integer.MAX_VALUE - 4096) {
            throw new IllegalArgumentException("maxObjectBytes must fit in a byte array");
        }
    }

    /** Loopback, port 11112, 16 associations, 64 KiB PDUs, 512 MiB objects, 60 s idle timeout. */
    public static DicomServerConfig defaults(AePolicy aePolicy) {
        return new DicomServerConfig(loopback(), DEFAULT_PORT, DEFAULT_MAX_ASSOCIATIONS, DEFAULT_MAX_PDU,
                DEFAULT_MAX_OBJECT_BYTES, aePolicy, DEFAULT_IDLE_TIMEOUT);
    }

    public DicomServerConfig withPort(int newPort) {
        return new DicomServerConfig(bindAddress, newPort, maxAssociations, maxPduLength, maxObjectBytes, aePolicy, idleTimeout);
    }

    public DicomServerConfig withMaxAssociations(int n) {
        return new DicomServerConfig(bindAddress, port, n, maxPduLength, maxObjectBytes, aePolicy, idleTimeout);
    }

    public DicomServerConfig withMaxObjectBytes(long n) {
        return new DicomServerConfig(bindAddress, port, maxAssociations, maxPduLength, n, aePolicy, idleTimeout);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
