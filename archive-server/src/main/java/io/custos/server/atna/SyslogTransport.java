package io.custos.server.atna;

import java.io.Closeable;
import java.io.IOException;

/** Carries one formatted syslog message to the audit record repository. */
public interface SyslogTransport extends Closeable {

    /**
     * Sends the message or throws; the caller (the ATNA processor) then retries the event with back-off.
     *
     * @return false when the message was deliberately not sent (it does not fit the transport)
     */
    boolean send(byte[] syslogMessage) throws IOException;
}
