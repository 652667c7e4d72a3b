package io.custos.server.atna;

import io.custos.server.testsupport.TestDirs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Debian's rsyslogd as the audit record repository: a child process with its own configuration and work
 * directory, listening on loopback only: TLS over TCP (RFC 5425, gtls driver, octet-counted framing) and UDP
 * (RFC 5426). Its certificate is self-signed here for 127.0.0.1; the trust store the archive needs holds it.
 * Every received message is written raw, one a line, to {@code messages.log}.
 */
final class RsyslogReceiver implements AutoCloseable {

    static final String TRUST_STORE_PASSWORD = "atna-test-trust";

    private final Path dir;
    private final int tlsPort;
    private final int udpPort;
    private Process process;

    private RsyslogReceiver(Path dir, int tlsPort, int udpPort) {
        this.dir = dir;
        this.tlsPort = tlsPort;
        this.udpPort = udpPort;
    }

    /** Configured (certificate, trust store, ports, configuration file) and running. */
    static RsyslogReceiver start(Class<?> owner) throws Exception {
        RsyslogReceiver receiver = create(owner);
        receiver.start();
        return receiver;
    }

    /** Configured, not yet running: its ports refuse connections until {@link #start()}. */
    static RsyslogReceiver create(Class<?> owner) throws Exception {
        Path dir = TestDirs.newDataDir(owner).resolve("rsyslog");
        Files.createDirectories(dir.resolve("work"));
        X509Certificate cert = selfSignedCertificate(dir);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("rsyslog", cert);
        try (OutputStream out = Files.newOutputStream(dir.resolve("trust.p12"))) {
            trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
        int tlsPort = freeTcpPort();
        int udpPort = freeUdpPort();
        Files.writeString(dir.resolve("rsyslog.conf"), """
                global(workDirectory="%1$s/work" maxMessageSize="64k"
                       defaultNetstreamDriver="gtls"
                       defaultNetstreamDriverCAFile="%1$s/cert.pem"
                       defaultNetstreamDriverCertFile="%1$s/cert.pem"
                       defaultNetstreamDriverKeyFile="%1$s/key.pem")
                module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
                input(type="imtcp" address="127.0.0.1" port="%2$d")
                module(load="imudp")
                input(type="imudp" address="127.0.0.1" port="%3$d")
                template(name="raw" type="string" string="%%rawmsg%%\\n")
                action(type="omfile" file="%1$s/messages.log" template="raw")
                """.formatted(dir, tlsPort, udpPort));
        return new RsyslogReceiver(dir, tlsPort, udpPort);
    }

    void start() throws Exception {
        process = new ProcessBuilder("rsyslogd", "-n", "-f", dir.resolve("rsyslog.conf").toString(),
                "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        try {
            awaitListening();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    int tlsPort() {
        return tlsPort;
    }

    int udpPort() {
        return udpPort;
    }

    Path trustStore() {
        return dir.resolve("trust.p12");
    }

    /** The raw messages received so far, in arrival order. */
    List<String> messages() throws IOException {
        Path log = dir.resolve("messages.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    /**
     * Waits until a received message matches. The deadline is a safety net against a lost message on a loaded
     * machine, not a timing assertion.
     */
    String await(Predicate<String> wanted, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            for (String m : messages()) {
                if (wanted.test(m)) {
                    return m;
                }
            }
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException("rsyslogd is not running: " + Files.readString(dir.resolve("rsyslogd.out")));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("rsyslog received no " + what + "; received: " + messages().size() + " messages");
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitListening() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tlsPort), 1000);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("rsyslogd did not start: "
                            + Files.readString(dir.resolve("rsyslogd.out")));
                }
                Thread.sleep(100);
            }
        }
    }

    /** An RSA certificate for 127.0.0.1 (IP SAN: the archive checks the name, RFC 5425 5.2). */
    private static X509Certificate selfSignedCertificate(Path dir) throws Exception {
        // RSA: GnuTLS refuses the JDK's minimal PKCS#8 encoding of EC keys (no curve inside the key).
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=rsyslog-atna-test");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        Files.writeString(dir.resolve("cert.pem"), pem(cert));
        Files.writeString(dir.resolve("key.pem"), pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
        return cert;
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    /** Splits a raw RFC 5424 message: the header fields and the MSG after the byte order mark. */
    record Received(String pri, String version, String timestamp, String hostname, String appName, String procId,
                    String msgId, String structuredData, String msg) {

        static Received parse(String raw) {
            String[] parts = raw.split(" ", 8);
            if (parts.length < 8 || !parts[0].startsWith("<") || !parts[0].contains(">")) {
                throw new AssertionError("not RFC 5424: " + raw.substring(0, Math.min(raw.length(), 80)));
            }
            int close = parts[0].indexOf('>');
            if (!parts[7].startsWith("\uFEFF")) {
                throw new AssertionError("MSG does not start with the UTF-8 byte order mark");
            }
            return new Received(parts[0].substring(1, close), parts[0].substring(close + 1), parts[1], parts[2],
                    parts[3], parts[4], parts[5], parts[6], parts[7].substring(1));
        }
    }
}
