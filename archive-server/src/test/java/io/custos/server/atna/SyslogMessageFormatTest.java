package io.custos.server.atna;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 5424 header, RFC 5425 octet counting, RFC 5426 one datagram per message and its size limit. */
class SyslogMessageFormatTest {

    private static final byte[] XML = "<AuditMessage/>".getBytes(StandardCharsets.UTF_8);

    @Test
    void theHeaderIsRfc5424WithTheIheMsgIdAndTheXmlFollowsTheBom() {
        byte[] message = new SyslogMessageFormat("archive-1", "custos", "4711")
                .format(Instant.parse("2026-11-23T22:10:11.123456789Z"), XML);

        String text = new String(message, StandardCharsets.UTF_8);
        assertThat(text).startsWith("<85>1 2026-11-23T22:10:11.123456Z archive-1 custos 4711 IHE+RFC-3881 - \uFEFF");
        assertThat(Arrays.copyOfRange(message, message.length - XML.length, message.length)).isEqualTo(XML);
    }

    @Test
    void headerFieldsAreCutToPrintableAsciiAndTheirLengthOrANilValue() {
        SyslogMessageFormat format = new SyslogMessageFormat("", "an app name with spaces and more than 48 characters "
                + "in total", null);
        String text = new String(format.format(Instant.EPOCH, XML), StandardCharsets.UTF_8);
        assertThat(text).startsWith("<85>1 1970-01-01T00:00:00Z - anappnamewithspacesandmorethan48charactersintota - "
                + "IHE+RFC-3881 - ");
    }

    @Test
    void tlsFramesEachMessageByItsOctetCount() {
        byte[] message = "é".getBytes(StandardCharsets.UTF_8);
        assertThat(TlsSyslogTransport.frame(message)).isEqualTo(new byte[] {'2', ' ', (byte) 0xC3, (byte) 0xA9});
    }

    @Test
    void udpSendsOneMessagePerDatagramAndNothingAboveTheLimit() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             UdpSyslogTransport udp = new UdpSyslogTransport(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.getLocalPort()), 64)) {
            receiver.setSoTimeout(60_000);
            assertThat(udp.send(new byte[65])).isFalse();
            assertThat(udp.oversized()).isEqualTo(1);
            byte[] fits = new byte[64];
            Arrays.fill(fits, (byte) 'x');
            assertThat(udp.send(fits)).isTrue();

            DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
            receiver.receive(packet);
            // The first datagram to arrive is the one that fitted: the oversized one was never sent.
            assertThat(packet.getLength()).isEqualTo(64);
        }
    }
}
