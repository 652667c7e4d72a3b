package io.custos.server.atna;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syslog over UDP, RFC 5426: one message per datagram, no framing. UDP gives no delivery guarantee and no
 * confidentiality; use it only where the repository is on a trusted network (TLS is the default).
 *
 * <p>RFC 5426 3.2: receivers SHOULD accept datagrams up to 2048 octets, and larger ones only when known to.
 * A message above the configured limit is not sent (cut, its XML would no longer be an audit message): a
 * warning without any content of the message is logged and {@link #oversized()} counts it.
 */
public final class UdpSyslogTransport implements SyslogTransport {

    private static final Logger LOG = LoggerFactory.getLogger(UdpSyslogTransport.class);

    private final InetSocketAddress target;
    private final int maxOctets;
    private final DatagramSocket socket;
    private final AtomicLong oversized = new AtomicLong();

    public UdpSyslogTransport(InetSocketAddress target, int maxOctets) throws IOException {
        this.target = target;
        this.maxOctets = maxOctets;
        this.socket = new DatagramSocket();
    }

    @Override
    public boolean send(byte[] syslogMessage) throws IOException {
        if (syslogMessage.length > maxOctets) {
            long count = oversized.incrementAndGet();
            LOG.warn("ATNA audit message of {} octets exceeds the UDP limit of {} octets and was not sent "
                    + "({} so far); use the TLS transport or raise custos.atna.udp-max-octets",
                    syslogMessage.length, maxOctets, count);
            return false;
        }
        socket.send(new DatagramPacket(syslogMessage, syslogMessage.length, target));
        return true;
    }

    /** Messages not sent because they were larger than the limit, since start. */
    public long oversized() {
        return oversized.get();
    }

    @Override
    public void close() {
        socket.close();
    }
}
