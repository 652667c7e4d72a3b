package io.custos.server.atna;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Syslog over TLS, RFC 5425: one long-lived TLS connection (TLS 1.2 or 1.3), each message framed by octet
 * counting ({@code MSG-LEN SP SYSLOG-MSG}, section 4.3). The server's certificate must chain to the trust store
 * and name the configured host (RFC 5425 5.2; JDK endpoint identification). A failed write closes the
 * connection and throws; the next send connects again.
 */
public final class TlsSyslogTransport implements SyslogTransport {

    private final String host;
    private final int port;
    private final SSLContext tls;
    private final int connectTimeoutMillis;
    private SSLSocket socket;
    private OutputStream out;

    public TlsSyslogTransport(String host, int port, SSLContext tls, int connectTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public synchronized boolean send(byte[] syslogMessage) throws IOException {
        try {
            OutputStream stream = connection();
            stream.write(frame(syslogMessage));
            stream.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** RFC 5425 4.3: the length in octets as decimal ASCII, one space, the message. */
    static byte[] frame(byte[] syslogMessage) {
        byte[] prefix = (syslogMessage.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[prefix.length + syslogMessage.length];
        System.arraycopy(prefix, 0, framed, 0, prefix.length);
        System.arraycopy(syslogMessage, 0, framed, prefix.length, syslogMessage.length);
        return framed;
    }

    private OutputStream connection() throws IOException {
        if (out == null) {
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket();
            try {
                SSLParameters parameters = s.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                s.setSSLParameters(parameters);
                s.connect(new java.net.InetSocketAddress(host, port), connectTimeoutMillis);
                s.setSoTimeout(connectTimeoutMillis);
                s.startHandshake();
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            socket = s;
            out = s.getOutputStream();
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection; the next send opens a new one
            }
        }
        socket = null;
        out = null;
    }
}
