package io.custos.server.atna;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The syslog envelope of an audit message, RFC 5424 section 6, as IHE ITI-20 (Record Audit Event) asks for it:
 * {@code <85>1 TIMESTAMP HOSTNAME APP-NAME PROCID IHE+RFC-3881 - BOM XML}. PRI 85 is facility 10
 * (security/authorization, authpriv) with severity 5 (notice); MSGID "IHE+RFC-3881" names the payload format;
 * there is no structured data ("-"); the MSG is UTF-8 and therefore starts with the byte order mark (RFC 5424
 * 6.4). Header fields are printable US-ASCII without spaces and within the RFC's lengths, or "-".
 */
public final class SyslogMessageFormat {

    static final int PRI = 10 * 8 + 5;
    static final String MSGID = "IHE+RFC-3881";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final String hostname;
    private final String appName;
    private final String procId;

    public SyslogMessageFormat(String hostname, String appName, String procId) {
        this.hostname = field(hostname, 255);
        this.appName = field(appName, 48);
        this.procId = field(procId, 128);
    }

    public byte[] format(Instant timestamp, byte[] xml) {
        // RFC 5424 6.2.3: at most six fractional digits, "Z" for UTC.
        String header = "<" + PRI + ">1 " + timestamp.truncatedTo(ChronoUnit.MICROS) + " " + hostname + " " + appName
                + " " + procId + " " + MSGID + " - ";
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length() + BOM.length + xml.length);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(BOM);
        out.writeBytes(xml);
        return out.toByteArray();
    }

    /** RFC 5424 6: PRINTUSASCII (33..126), bounded length, "-" for nothing. */
    static String field(String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return "-";
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), maxLength));
        value.chars().filter(c -> c >= 33 && c <= 126).limit(maxLength).forEach(c -> b.append((char) c));
        return b.isEmpty() ? "-" : b.toString();
    }
}
